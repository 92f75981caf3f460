using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>The detectors that need only what every run record has; thresholds in docs/agent.md.</summary>
public static class RunLevelDetectors
{
    /// <summary>Every run-level candidate for <paramref name="run"/> (finished) given the runs before it.</summary>
    public static IReadOnlyList<Candidate> Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        Candidate?[] found =
        [
            SupersededRunsDetector.Detect(run, history),
            HungRunsDetector.Detect(run, history),
            IntermittentFailureDetector.Detect(run, history),
            DurationRegressionDetector.Detect(run, history),
            QueueGrowthDetector.Detect(run, history),
        ];
        return [.. found.OfType<Candidate>()];
    }
}
