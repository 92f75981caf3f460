using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>
/// What the one assessment path produced for a run: forecast, anomaly, the agent's decision and the verdict with
/// its reasons. <c>pipewise run</c>, <c>pipewise gate</c> and every gate-service endpoint render this.
/// </summary>
public sealed record RunAssessment
{
    public required PipelineKey Pipeline { get; init; }

    /// <summary>The assessed run; null when a gate asked about a run that is not stored yet.</summary>
    public RunRecord? Run { get; init; }

    /// <summary>The run id asked about (the run's own id when <see cref="Run"/> is known).</summary>
    public string? RunId { get; init; }

    public int Attempt { get; init; } = 1;

    public Forecast? Forecast { get; init; }

    /// <summary>Anomaly z of the run's duration against its forecast, when both are known.</summary>
    public double? AnomalyZ { get; init; }

    public AgentDecision? Decision { get; init; }

    public required GateVerdict Verdict { get; init; }

    /// <summary>Plain notes for the reader (e.g. "not enough history", "the store could not be read").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The runs before the assessed one that the forecast used (oldest first).</summary>
    public IReadOnlyList<RunRecord> History { get; init; } = [];

    /// <summary>Drift status of the model for this pipeline, when tracked.</summary>
    public string? DriftNote { get; init; }

    /// <summary>Whether the run was already stored before this assessment (a re-run of the same attempt).</summary>
    public bool AlreadyStored { get; init; }

    /// <summary>How long scoring took.</summary>
    public TimeSpan Elapsed { get; init; }
}
