namespace Pipewise.AzureDevOps.Rest;

/// <summary>One attempt to deploy a release environment.</summary>
public sealed record DeploymentAttempt
{
    public int? Attempt { get; init; }
    public int? DeploymentId { get; init; }
    public DeploymentStatus Status { get; init; }
    public DateTimeOffset? QueuedOn { get; init; }
    public DateTimeOffset? LastModifiedOn { get; init; }
    public IReadOnlyList<ReleaseDeployPhase> ReleaseDeployPhases { get; init; } = [];
}
