using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// Runs that hung far past the pipeline's normal duration and did not succeed (→ a job timeout computed from the
/// history). The timeout is ⌈1.5 × the longest normal job⌉ minutes, where normal is at most 3 × the median and
/// every job that succeeded counts as normal, so the timeout never cuts a job the history shows succeeding. Where
/// only time summed over a build's jobs is known, the timeout allows the upper bound of the longest job (the sum) and
/// a run counts as hung only when even its lower bound (sum / jobs) ran past it.
/// </summary>
public static class HungRunsDetector
{
    /// <summary>A percentile needs a sample: fewer timed first attempts than this and no timeout is computed.</summary>
    public const int MinRuns = 10;

    /// <summary>Margin over the longest normal job (the timeout is 1.5 × it).</summary>
    public const double Margin = 1.5;

    /// <summary>A job longer than this many medians is not "normal" unless it succeeded.</summary>
    public const double NormalMedians = 3;

    /// <summary>The timeout in minutes the history supports, or null when it is too short.</summary>
    public static int? TimeoutMinutes(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var timed = RunTimeline.FirstAttempts(runs)
            .Where(r => r.Result != RunResult.Canceled)
            .Select(r => (Run: r, Seconds: RunTimeline.LongestJob(r)?.High))
            .Where(x => x.Seconds is > 0)
            .Select(x => (x.Run, Seconds: x.Seconds!.Value))
            .ToList();
        if (timed.Count < MinRuns)
        {
            return null;
        }

        var median = RunTimeline.Median(timed.Select(x => x.Seconds));
        var longestNormal = timed.Where(x => x.Seconds <= NormalMedians * median || x.Run.Result == RunResult.Succeeded).Max(x => x.Seconds);
        return (int)Math.Ceiling(Margin * longestNormal / 60);
    }

    public static Candidate? Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunTimeline.Flag(run, "timeout.set"))
        {
            return null;
        }

        var all = RunTimeline.WithCurrent(run, history);
        if (TimeoutMinutes(all) is not { } minutes)
        {
            return null;
        }

        var limit = minutes * 60.0;
        var recent = RunTimeline.FirstAttempts(all).TakeLast(RunTimeline.RecentWindow).ToList();
        var hung = recent.Where(r => r.Result != RunResult.Succeeded && RunTimeline.JobSeconds(r) > limit).ToList();
        if (hung.Count == 0)
        {
            return null;
        }

        var past = hung.Sum(r => (RunTimeline.JobSeconds(r)!.Value - limit) * RunTimeline.JobCount(r));
        var worst = hung.MaxBy(r => RunTimeline.JobSeconds(r))!;
        var median = RunTimeline.Median(recent.Select(RunTimeline.JobSeconds).OfType<double>());
        var evidence =
            $"{hung.Count} of the last {recent.Count} runs ran past {minutes} min and did not succeed (run {RunTimeline.Label(worst)} ran " +
            $"{RunTimeline.Minutes(RunTimeline.JobSeconds(worst)!.Value)} min per job, the median is {RunTimeline.Minutes(median)} min); " +
            $"a {minutes}-minute timeout (1.5 × the longest normal job) would have stopped them {RunTimeline.Minutes(past)} build minutes earlier";
        return new Candidate(ActionCatalog.TimeoutFromP99, evidence, past / recent.Count,
            new Dictionary<string, string> { ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture) });
    }
}
