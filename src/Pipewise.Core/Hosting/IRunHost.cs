using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Hosting;

/// <summary>
/// A CI host (GitHub Actions runner, Azure Pipelines agent, or a local replay) as the run loop sees it:
/// it collects the current run and reports the outcome in the host's own way (summary, outputs, status, comment).
/// </summary>
public interface IRunHost
{
    /// <summary>A short name for messages: "GitHub Actions", "Azure Pipelines", "local".</summary>
    string Name { get; }

    /// <summary>Collects the current run as a RunRecord (jobs, steps, tests, resources as far as available).</summary>
    Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports the outcome: summary, annotations, outputs, status check, PR comment. Implementations must not
    /// throw for reporting failures that should not break the pipeline; they log them on the side channel instead.
    /// </summary>
    Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports that <see cref="CollectAsync"/> failed: a warning annotation and every output, empty but present.
    /// Must not throw. The default does nothing, for hosts whose run is given and cannot fail to be collected.
    /// </summary>
    Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Everything one pass of the loop produced, handed to the host for reporting.</summary>
public sealed record RunOutcome
{
    public required RunRecord Run { get; init; }
    public Forecast? Forecast { get; init; }

    /// <summary>Anomaly z of this run's duration against its forecast, when both are known.</summary>
    public double? AnomalyZ { get; init; }

    public AgentDecision? Decision { get; init; }
    public required GateVerdict Verdict { get; init; }

    /// <summary>Drift status of the model for this pipeline, when tracked.</summary>
    public string? DriftNote { get; init; }

    /// <summary>Plain notes for the reader (e.g. "no model available yet", "store unreachable, failing open").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>How many runs of history the forecast used.</summary>
    public int HistoryRuns { get; init; }

    /// <summary>Recent runs of the pipeline (oldest first), for the forecast-vs-actual chart.</summary>
    public IReadOnlyList<RunRecord> RecentRuns { get; init; } = [];

    /// <summary>Whether this run was already stored (a re-run of the same attempt).</summary>
    public bool AlreadyStored { get; init; }

    /// <summary>The outcome a host reports for an assessment of the run it collected.</summary>
    public static RunOutcome From(Assessment.RunAssessment assessment, RunRecord run, int chartRuns)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new RunOutcome
        {
            Run = run,
            Forecast = assessment.Forecast,
            AnomalyZ = assessment.AnomalyZ,
            Decision = assessment.Decision,
            Verdict = assessment.Verdict,
            Notes = assessment.Notes,
            HistoryRuns = assessment.History.Count,
            RecentRuns = [.. assessment.History.TakeLast(chartRuns)],
            AlreadyStored = assessment.AlreadyStored,
            DriftNote = assessment.DriftNote,
        };
    }
}
