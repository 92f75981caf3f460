using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Replay;

/// <summary>
/// What a suggestion would have saved had it been in place from the first run it was in force for, computed from
/// the same history (EVALUATION.md §2). Actions whose effect the history cannot show are credited 0.
/// </summary>
public static class ReplayCredit
{
    /// <summary>Whether the history can show this action's effect.</summary>
    public static bool IsCredited(string actionId) => actionId is ActionCatalog.CancelSuperseded or ActionCatalog.TimeoutFromP99
        or ActionCatalog.RetryIntermittent or ActionCatalog.RetryFlakyStep or ActionCatalog.PathFilters;

    /// <summary>
    /// Seconds saved by <paramref name="actionId"/> over <paramref name="ordered"/> (the pipeline's runs in creation order),
    /// in place from index <paramref name="first"/> on; <paramref name="inForce"/> gives each run's suggestion of it (or null).
    /// </summary>
    public static double Seconds(string actionId, IReadOnlyList<RunRecord> ordered, int first, IReadOnlyList<Candidate?> inForce)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(inForce);
        var index = new Dictionary<RunKey, int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            index[ordered[i].Key] = i;
        }

        return actionId switch
        {
            // The build time overtaken runs kept spending after the newer run started (0 for canceled ones).
            ActionCatalog.CancelSuperseded => SupersededRunsDetector.Overtaken(ordered).Where(o => index[o.Newer.Key] >= first).Sum(o => o.WastedSeconds),
            ActionCatalog.TimeoutFromP99 => Timeout(ordered, first, inForce),
            ActionCatalog.RetryIntermittent or ActionCatalog.RetryFlakyStep => Retry(ordered, first, index),
            ActionCatalog.PathFilters => ordered.Skip(first).Where(PipelineEvidence.IsDocsOnly).Sum(r => r.EffectiveDurationSeconds ?? 0),
            _ => 0,
        };
    }

    /// <summary>
    /// Past the timeout in force: a run that did not succeed is stopped there and saves its time beyond it (per job);
    /// a run that succeeded beyond it would have been killed, and costs the time up to the timeout.
    /// </summary>
    private static double Timeout(IReadOnlyList<RunRecord> ordered, int first, IReadOnlyList<Candidate?> inForce)
    {
        double saved = 0;
        double? limit = null;
        for (var i = first; i < ordered.Count; i++)
        {
            if (inForce[i]?.Values.TryGetValue("minutes", out var text) == true
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes))
            {
                limit = minutes * 60;
            }

            var run = ordered[i];
            if (limit is not { } t || RunTimeline.JobSeconds(run) is not { } job || job <= t)
            {
                continue;
            }

            saved += run.Result == RunResult.Succeeded ? -t * RunTimeline.JobCount(run) : (job - t) * RunTimeline.JobCount(run);
        }

        return saved;
    }

    /// <summary>
    /// Every failed run from <paramref name="first"/> on is retried once (its failing step, else one job: a cost); a
    /// failure whose re-run of the same commit passed saves the human round trip from the failure to that re-run.
    /// </summary>
    private static double Retry(IReadOnlyList<RunRecord> ordered, int first, Dictionary<RunKey, int> index)
    {
        double RetryCost(RunRecord failed) => RetryEstimate.FailingStepOf(failed)?.DurationSeconds ?? RunTimeline.JobSeconds(failed) ?? 0;

        var cost = ordered.Skip(first).Where(r => r.Result == RunResult.Failed).Sum(RetryCost);
        var saved = IntermittentFailureDetector.Pairs(ordered).Where(p => p.Passed && index[p.Failed.Key] >= first).Sum(p => p.GapSeconds);
        return saved - cost;
    }
}
