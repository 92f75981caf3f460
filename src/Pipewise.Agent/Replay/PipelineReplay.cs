using Pipewise.Core.Runs;

namespace Pipewise.Agent.Replay;

/// <summary>One pipeline's replay: its runs, build minutes and, per suggested action, the figures of EVALUATION.md §2.</summary>
public sealed class PipelineReplay
{
    public required PipelineKey Pipeline { get; init; }

    public int Runs { get; init; }

    public double BuildMinutes { get; init; }

    /// <summary>Per action id (only actions suggested at least once).</summary>
    public SortedDictionary<string, ReplayActionTotals> Actions { get; } = new(StringComparer.Ordinal);

    /// <summary>For each run index, the ids of the actions in force when it started (suggested after the run before it).</summary>
    public IReadOnlyList<IReadOnlyList<string>> InForce { get; init; } = [];
}
