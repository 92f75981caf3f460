using System.Globalization;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// The predefined variables of an Azure Pipelines job as the agent puts them in the environment
/// (<c>System.CollectionUri</c> → <c>SYSTEM_COLLECTIONURI</c>, …), read once.
/// </summary>
public sealed record AzurePipelinesEnvironment
{
    public Uri? CollectionUri { get; init; }
    public string? Project { get; init; }
    public string? ProjectId { get; init; }

    /// <summary><c>build</c> or <c>release</c> (SYSTEM_HOSTTYPE); build when unset.</summary>
    public string HostType { get; init; } = "build";

    public int? DefinitionId { get; init; }
    public string? DefinitionName { get; init; }
    public int? BuildId { get; init; }
    public string? BuildNumber { get; init; }
    public string? BuildUri { get; init; }
    public string? Reason { get; init; }
    public string? SourceBranch { get; init; }
    public string? SourceVersion { get; init; }
    public string? RepositoryId { get; init; }
    public string? RepositoryName { get; init; }
    public string? RepositoryProvider { get; init; }
    public int? PullRequestId { get; init; }
    public string? PullRequestSourceBranch { get; init; }
    public string? PullRequestTargetBranch { get; init; }
    public int? JobAttempt { get; init; }
    public int? StageAttempt { get; init; }
    public string? AgentName { get; init; }
    public string? AgentOs { get; init; }
    public string? AgentJobStatus { get; init; }
    public string? TempDirectory { get; init; }

    /// <summary>SYSTEM_DEFAULTWORKINGDIRECTORY (the sources of a build, the artifacts of a release), else BUILD_SOURCESDIRECTORY.</summary>
    public string? DefaultWorkingDirectory { get; init; }
    public int? ReleaseId { get; init; }
    public string? ReleaseName { get; init; }
    public int? ReleaseDefinitionId { get; init; }
    public string? ReleaseDefinitionName { get; init; }
    public string? ReleaseEnvironmentName { get; init; }
    public int? ReleaseAttempt { get; init; }
    public string? ReleaseWebUrl { get; init; }

    /// <summary>The job token: SYSTEM_ACCESSTOKEN when mapped, else the SystemVssConnection endpoint's access token.</summary>
    public string? AccessToken { get; init; }

    public bool IsRelease => string.Equals(HostType, "release", StringComparison.OrdinalIgnoreCase) || (ReleaseId is not null && BuildId is null);

    public static AzurePipelinesEnvironment From(IReadOnlyDictionary<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        string? Get(string name)
        {
            if (env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v))
            {
                return v.Trim();
            }

            // Environment names are case-insensitive on Windows; tests may pass any case.
            foreach (var (key, value) in env)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
                {
                    return value.Trim();
                }
            }

            return null;
        }

        int? Int(string name) => int.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

        var collection = Get("SYSTEM_COLLECTIONURI") ?? Get("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI") ?? Get("ENDPOINT_URL_SYSTEMVSSCONNECTION");
        return new AzurePipelinesEnvironment
        {
            CollectionUri = Uri.TryCreate(collection, UriKind.Absolute, out var uri) ? uri : null,
            Project = Get("SYSTEM_TEAMPROJECT"),
            ProjectId = Get("SYSTEM_TEAMPROJECTID"),
            HostType = Get("SYSTEM_HOSTTYPE") ?? "build",
            DefinitionId = Int("SYSTEM_DEFINITIONID"),
            DefinitionName = Get("BUILD_DEFINITIONNAME"),
            BuildId = Int("BUILD_BUILDID"),
            BuildNumber = Get("BUILD_BUILDNUMBER"),
            BuildUri = Get("BUILD_BUILDURI"),
            Reason = Get("BUILD_REASON"),
            SourceBranch = Get("BUILD_SOURCEBRANCH"),
            SourceVersion = Get("BUILD_SOURCEVERSION"),
            RepositoryId = Get("BUILD_REPOSITORY_ID"),
            RepositoryName = Get("BUILD_REPOSITORY_NAME"),
            RepositoryProvider = Get("BUILD_REPOSITORY_PROVIDER"),
            PullRequestId = Int("SYSTEM_PULLREQUEST_PULLREQUESTID"),
            PullRequestSourceBranch = Get("SYSTEM_PULLREQUEST_SOURCEBRANCH"),
            PullRequestTargetBranch = Get("SYSTEM_PULLREQUEST_TARGETBRANCH"),
            JobAttempt = Int("SYSTEM_JOBATTEMPT"),
            StageAttempt = Int("SYSTEM_STAGEATTEMPT"),
            AgentName = Get("AGENT_NAME"),
            AgentOs = Get("AGENT_OS"),
            AgentJobStatus = Get("AGENT_JOBSTATUS"),
            TempDirectory = Get("AGENT_TEMPDIRECTORY"),
            DefaultWorkingDirectory = Get("SYSTEM_DEFAULTWORKINGDIRECTORY") ?? Get("BUILD_SOURCESDIRECTORY"),
            ReleaseId = Int("RELEASE_RELEASEID"),
            ReleaseName = Get("RELEASE_RELEASENAME"),
            ReleaseDefinitionId = Int("RELEASE_DEFINITIONID"),
            ReleaseDefinitionName = Get("RELEASE_DEFINITIONNAME"),
            ReleaseEnvironmentName = Get("RELEASE_ENVIRONMENTNAME"),
            ReleaseAttempt = Int("RELEASE_ATTEMPTNUMBER"),
            ReleaseWebUrl = Get("RELEASE_RELEASEWEBURL"),
            AccessToken = Get("SYSTEM_ACCESSTOKEN") ?? Get("ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"),
        };
    }
}
