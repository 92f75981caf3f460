namespace Pipewise.Core.Agent;

/// <summary>What the agent decided for this run.</summary>
public sealed record AgentDecision
{
    public required string State { get; init; }
    public required IReadOnlyList<Suggestion> Suggestions { get; init; }
    public required DeploymentStrategy Strategy { get; init; }
    public bool Explored { get; init; }
    public string? QTableVersion { get; init; }

    /// <summary>Why no decision could be made (e.g. the Q-table is corrupt), when that is the case.</summary>
    public string? Problem { get; init; }

    public static AgentDecision None(string problem) => new()
    {
        State = "unknown",
        Suggestions = [],
        Strategy = DeploymentStrategy.Proceed,
        Problem = problem,
    };
}
