namespace Pipewise.AzureDevOps.Rest;

/// <summary>An environment (stage) of a release.</summary>
public sealed record ReleaseEnvironment
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public EnvironmentStatus Status { get; init; }
    public int? Rank { get; init; }
    public int? DefinitionEnvironmentId { get; init; }
    public DateTimeOffset? CreatedOn { get; init; }
    public DateTimeOffset? ModifiedOn { get; init; }
    public double? TimeToDeploy { get; init; }
    public IReadOnlyList<DeploymentAttempt> DeploySteps { get; init; } = [];
}
