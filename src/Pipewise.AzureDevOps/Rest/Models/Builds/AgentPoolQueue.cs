namespace Pipewise.AzureDevOps.Rest;

/// <summary>The agent queue of a build.</summary>
public sealed record AgentPoolQueue
{
    public int? Id { get; init; }
    public string? Name { get; init; }
}
