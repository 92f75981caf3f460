using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// Intermittent failures from run records alone: a failed attempt re-run (same run id, higher attempt), or a failed
/// run whose commit was built again (not by a schedule) in the same branch or pull request, within a day. A re-run that passed proves the failure was
/// not in the code. Retry success = (passed + 1) / (re-runs + 2) (Laplace), as for step-level retries. Suggested only
/// when it pays on average: every failure would be retried once (a job's time), and only the intermittent share of
/// failures (passed re-runs / failures, a lower bound) saves the wait for a manual re-run.
/// </summary>
public static class IntermittentFailureDetector
{
    /// <summary>A build of the same commit more than a day later is someone coming back, not a re-run of the failure.</summary>
    public static readonly TimeSpan MaxRerunGap = TimeSpan.FromHours(24);

    /// <summary>Fewer re-runs than this are no estimate (as for step retries).</summary>
    public const int MinReruns = 2;

    /// <summary>Every failed attempt followed by a re-run of the same commit, in order of the failure.</summary>
    public static IReadOnlyList<FailurePair> Pairs(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt).ToList();
        var pairs = new List<FailurePair>();
        var used = new HashSet<RunKey>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var failed = ordered[i];
            if (failed.Result != RunResult.Failed || RunTimeline.WallEnd(failed) is not { } end)
            {
                continue;
            }

            // A scheduled build of the same commit is the schedule, not someone re-running the failure.
            var next = ordered.Skip(i + 1).FirstOrDefault(r =>
                (r.RunId == failed.RunId && r.Attempt > failed.Attempt)
                || (r.Attempt == 1 && failed.Commit is not null && r.Commit == failed.Commit && RunTimeline.GroupOf(r) == RunTimeline.GroupOf(failed)
                    && r.RunId != failed.RunId && r.Event != "schedule"));
            if (next is null || !used.Add(next.Key) || next.Result is not (RunResult.Succeeded or RunResult.Failed) || next.StartedAt is not { } start)
            {
                continue;
            }

            var gap = start - end;
            if (gap <= MaxRerunGap)
            {
                pairs.Add(new FailurePair(failed, next, Math.Max(0, gap.TotalSeconds)));
            }
        }

        return pairs;
    }

    public static Candidate? Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunTimeline.Flag(run, "retry.enabled"))
        {
            return null;
        }

        var all = RunTimeline.WithCurrent(run, history);
        var pairs = Pairs(all);
        var passed = pairs.Count(p => p.Passed);
        var probability = (passed + 1.0) / (pairs.Count + 2.0);
        if (pairs.Count < MinReruns || passed == 0 || probability < 0.5)
        {
            return null;
        }

        var failures = all.Where(r => r.Result == RunResult.Failed).ToList();
        var intermittent = (double)passed / failures.Count;
        var wait = RunTimeline.Median(pairs.Where(p => p.Passed).Select(p => p.GapSeconds));
        var cost = RunTimeline.Median(failures.Select(f => RunTimeline.JobSeconds(f) ?? 0));
        var perFailure = (intermittent * wait) - cost;
        if (perFailure <= 0)
        {
            return null;
        }

        var example = pairs.Last(p => p.Passed);
        var evidence =
            $"{passed} of {pairs.Count} failed runs passed when the same commit ran again (e.g. run {RunTimeline.Label(example.Failed)} failed and " +
            $"run {RunTimeline.Label(example.Rerun)} of commit {RunTimeline.ShortCommit(example.Failed.Commit)} passed {RunTimeline.Minutes(example.GapSeconds)} min later): " +
            $"estimated retry success {(100 * probability).ToString("0", CultureInfo.InvariantCulture)} %; at least {passed} of the {failures.Count} recent failures were " +
            $"intermittent, and a retry (~{RunTimeline.Minutes(cost)} min) saves a median wait of {RunTimeline.Minutes(wait)} min for the manual re-run";
        var saving = perFailure * failures.Count / Math.Max(1, RunTimeline.FirstAttempts(all).Count);
        return new Candidate(ActionCatalog.RetryIntermittent, evidence, saving, new Dictionary<string, string>
        {
            ["success"] = (100 * probability).ToString("0", CultureInfo.InvariantCulture),
        });
    }
}
