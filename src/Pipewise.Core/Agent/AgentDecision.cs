namespace Pipewise.Core.Agent;

/// <summary>What the agent decided for this run.</summary>
public sealed record AgentDecision
{
    public required string State { get; init; }
    /// <summary>Every evidence-backed suggestion, the agent's best-known action first. Never an exploratory pick.</summary>
    public required IReadOnlyList<Suggestion> Suggestions { get; init; }

    /// <summary>The agent's best-known strategy: what the gate reads. Never an exploratory pick.</summary>
    public required DeploymentStrategy Strategy { get; init; }

    /// <summary>Whether the agent also drew an exploratory pick this step (recorded in its table for learning, never shown).</summary>
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
