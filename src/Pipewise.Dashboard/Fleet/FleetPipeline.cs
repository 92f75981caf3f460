using Pipewise.Core.Agent;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Dashboard.Fleet;

/// <summary>One pipeline as the overview read it: its newest runs (oldest first), last verdict and what its history shows.</summary>
public sealed record FleetPipeline
{
    public required PipelineKey Key { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<RunFact> Runs { get; init; } = [];

    /// <summary>True when the store holds more runs than were read (counts in a long period are then lower bounds).</summary>
    public bool Truncated { get; init; }
    public VerdictRecord? LastVerdict { get; init; }
    public PipelineInsight Insight { get; init; } = PipelineInsight.None;
    public string? Problem { get; init; }

    public DateTimeOffset? LastRunAt => Runs.Count == 0 ? null : Runs.Max(r => r.At);
}
