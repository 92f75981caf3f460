using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// Runs that kept running after a newer run of the same branch started (→ cancel superseded runs). Not suggested
/// where the recent history shows overtaken runs being canceled, or the pipeline says it cancels them.
/// </summary>
public static class SupersededRunsDetector
{
    /// <summary>
    /// An overlap shorter than this is not counted: a runner's start-up and checkout take about a minute, so a
    /// cancellation in the last minute of a run saves nothing a person would notice.
    /// </summary>
    public const double MinOverlapSeconds = 60;

    /// <summary>How late after its overtaking a canceled run may end and still count as canceled on supersession (platform latency).</summary>
    public const double CancelLatencySeconds = 60;

    /// <summary>Every run of <paramref name="runs"/> overtaken by the next newer run of its group, oldest first.</summary>
    public static IReadOnlyList<Overtaking> Overtaken(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = RunTimeline.FirstAttempts(runs);
        var result = new List<Overtaking>();
        var lastByGroup = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var newer in ordered)
        {
            if (RunTimeline.GroupOf(newer) is not { } group)
            {
                continue;
            }

            if (lastByGroup.TryGetValue(group, out var older) && Overlap(older, newer) is { } overlap)
            {
                var wall = RunTimeline.WallSeconds(older);
                var build = older.EffectiveDurationSeconds ?? wall ?? 0;
                var wasted = older.Result == RunResult.Canceled || wall is not > 0 ? 0 : build * Math.Min(1, overlap / wall.Value);
                result.Add(new Overtaking(older, newer, overlap, wasted));
            }

            lastByGroup[group] = newer;
        }

        return result;
    }

    /// <summary>Seconds the older run still ran after the newer started (canceled runs: until it ended, with latency), or null.</summary>
    private static double? Overlap(RunRecord older, RunRecord newer)
    {
        var newStart = newer.QueuedAt ?? newer.StartedAt;
        if (older.StartedAt is not { } oldStart || newStart is not { } s || RunTimeline.WallEnd(older) is not { } end || s < oldStart)
        {
            return null;
        }

        var slack = older.Result == RunResult.Canceled ? CancelLatencySeconds : 0;
        var overlap = (end - s).TotalSeconds;
        return overlap + slack > 0 ? Math.Max(0, overlap) : null;
    }

    public static Candidate? Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunTimeline.Flag(run, "concurrency.cancelInProgress"))
        {
            return null;
        }

        var recent = RunTimeline.FirstAttempts(RunTimeline.WithCurrent(run, history)).TakeLast(RunTimeline.RecentWindow).ToList();
        var overtaken = Overtaken(recent);
        if (overtaken.Any(o => o.Canceled) || recent.Any(r => r.Result == RunResult.Canceled && RunTimeline.Flag(r, "canceled.superseded")))
        {
            return null;
        }

        var kept = overtaken.Where(o => o.OverlapSeconds >= MinOverlapSeconds).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        var wasted = kept.Sum(o => o.WastedSeconds);
        var worst = kept.MaxBy(o => o.WastedSeconds)!;
        var evidence =
            $"{kept.Count} of the last {recent.Count} runs kept running after a newer run of the same branch or pull request started " +
            $"({RunTimeline.Minutes(wasted)} build minutes spent on superseded runs; e.g. run {RunTimeline.Label(worst.Older)} on {RunTimeline.Quote(worst.Older.Branch)} " +
            $"ran {RunTimeline.Minutes(worst.OverlapSeconds)} min after run {RunTimeline.Label(worst.Newer)} started), and none was canceled";
        return new Candidate(ActionCatalog.CancelSuperseded, evidence, wasted / recent.Count, new Dictionary<string, string>());
    }
}
