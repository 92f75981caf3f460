using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>The results Azure DevOps reports (builds, timeline records, release tasks and deployments) as <see cref="RunResult"/>s; null when unknown or unfinished.</summary>
public static class AzurePipelinesResults
{
    public static RunResult? MapBuildResult(BuildResult result) => result switch
    {
        BuildResult.Succeeded => RunResult.Succeeded,
        BuildResult.PartiallySucceeded => RunResult.Partial,
        BuildResult.Failed => RunResult.Failed,
        BuildResult.Canceled => RunResult.Canceled,
        _ => null,
    };

    public static RunResult? MapTaskResult(TaskResult? result) => result switch
    {
        TaskResult.Succeeded => RunResult.Succeeded,
        TaskResult.SucceededWithIssues => RunResult.Partial,
        TaskResult.Failed => RunResult.Failed,
        TaskResult.Canceled or TaskResult.Abandoned => RunResult.Canceled,
        TaskResult.Skipped => RunResult.Skipped,
        _ => null,
    };

    public static RunResult? MapDeploymentStatus(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Succeeded => RunResult.Succeeded,
        DeploymentStatus.PartiallySucceeded => RunResult.Partial,
        DeploymentStatus.Failed => RunResult.Failed,
        _ => null,
    };

    /// <summary>The status of a release job or task, as text.</summary>
    internal static RunResult? MapTaskStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "succeeded" => RunResult.Succeeded,
        "partiallysucceeded" => RunResult.Partial,
        "failed" => RunResult.Failed,
        "canceled" => RunResult.Canceled,
        "skipped" => RunResult.Skipped,
        _ => null,
    };

    internal static RunResult? MapEnvironmentStatus(EnvironmentStatus? status) => status switch
    {
        EnvironmentStatus.Succeeded => RunResult.Succeeded,
        EnvironmentStatus.PartiallySucceeded => RunResult.Partial,
        EnvironmentStatus.Canceled => RunResult.Canceled,
        EnvironmentStatus.Rejected => RunResult.Failed,
        _ => null,
    };
}
