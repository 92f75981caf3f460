namespace Pipewise.AzureDevOps.Rest;

/// <summary>A job or task of a release deployment.</summary>
public sealed record ReleaseTask
{
    public int? Id { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public int? Rank { get; init; }
    public string? AgentName { get; init; }
}
