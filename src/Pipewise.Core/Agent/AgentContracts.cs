using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Agent;

/// <summary>How a deployment should roll out.</summary>
public enum DeploymentStrategy
{
    Proceed,
    Canary,
    BlueGreen,
    Hold,
}

/// <summary>One tuning suggestion from the action catalog, with the evidence and the snippet to paste.</summary>
public sealed record Suggestion
{
    public required string ActionId { get; init; }
    public required string Title { get; init; }
    public required string Evidence { get; init; }
    public string? GitHubSnippet { get; init; }
    public string? AzurePipelinesSnippet { get; init; }
    public double? ExpectedSavingSeconds { get; init; }
}

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

/// <summary>The inputs of one agent step: the finished run, its history and the forecast made for it.</summary>
public sealed record AgentContext
{
    public required RunRecord Run { get; init; }
    public required IReadOnlyList<RunRecord> History { get; init; }
    public Forecast? Forecast { get; init; }

    /// <summary>In enforce mode exploration must never loosen the gate.</summary>
    public bool Enforcing { get; init; }
}

/// <summary>The SARSA agent as the run loop sees it: learn from the previous decision's reward, then decide.</summary>
public interface ITuningAgent
{
    Task<AgentDecision> StepAsync(AgentContext context, CancellationToken cancellationToken = default);
}
