namespace Pipewise.AzureDevOps.Rest;

/// <summary>A deployment of a release to an environment (Deployments - List).</summary>
public sealed record Deployment
{
    public int Id { get; init; }
    public ReleaseReference? Release { get; init; }
    public ReleaseDefinitionReference? ReleaseDefinition { get; init; }
    public ReleaseEnvironmentReference? ReleaseEnvironment { get; init; }
    public int? DefinitionEnvironmentId { get; init; }
    public int? Attempt { get; init; }
    public string? Reason { get; init; }
    public DeploymentStatus DeploymentStatus { get; init; }
    public string? OperationStatus { get; init; }
    public DateTimeOffset? QueuedOn { get; init; }
    public DateTimeOffset? StartedOn { get; init; }
    public DateTimeOffset? CompletedOn { get; init; }
    public DateTimeOffset? LastModifiedOn { get; init; }
}
