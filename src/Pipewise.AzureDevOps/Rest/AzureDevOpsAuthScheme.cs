namespace Pipewise.AzureDevOps.Rest;

/// <summary>How Pipewise authenticates: the job token (OAuth, sent as Bearer) or a personal access token (Basic).</summary>
public enum AzureDevOpsAuthScheme
{
    /// <summary>The pipeline's job token (System.AccessToken / SystemVssConnection), sent as <c>Bearer</c>.</summary>
    JobToken,

    /// <summary>A personal access token, sent as <c>Basic base64(":" + pat)</c>.</summary>
    PersonalAccessToken,
}
