using Pipewise.AzureDevOps.Rest;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>The predefined variables a collection cannot do without, each with the message that says where to run.</summary>
internal static class RequiredVariables
{
    public static string Organization(AzurePipelinesEnvironment env) => env.CollectionUri is { } uri
        ? AzureDevOpsConnection.OrganizationOf(uri)
        : throw new InvalidOperationException("SYSTEM_COLLECTIONURI is not set: Pipewise must run inside an Azure Pipelines job (or be given the collection URL).");

    public static string Project(AzurePipelinesEnvironment env) => env.Project
        ?? throw new InvalidOperationException("SYSTEM_TEAMPROJECT is not set: Pipewise must run inside an Azure Pipelines job.");

    public static int BuildId(AzurePipelinesEnvironment env) => env.BuildId
        ?? throw new InvalidOperationException("BUILD_BUILDID is not set: Pipewise must run inside an Azure Pipelines build job.");

    public static int ReleaseId(AzurePipelinesEnvironment env) => env.ReleaseId
        ?? throw new InvalidOperationException("RELEASE_RELEASEID is not set: Pipewise must run inside a release job.");
}
