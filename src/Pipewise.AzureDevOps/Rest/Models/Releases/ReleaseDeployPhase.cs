namespace Pipewise.AzureDevOps.Rest;

/// <summary>A phase of a deployment attempt.</summary>
public sealed record ReleaseDeployPhase
{
    public string? Name { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<DeploymentJob> DeploymentJobs { get; init; } = [];
}
