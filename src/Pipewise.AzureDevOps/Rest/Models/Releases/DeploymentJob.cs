namespace Pipewise.AzureDevOps.Rest;

/// <summary>A job of a deploy phase with its tasks.</summary>
public sealed record DeploymentJob
{
    public ReleaseTask? Job { get; init; }
    public IReadOnlyList<ReleaseTask> Tasks { get; init; } = [];
}
