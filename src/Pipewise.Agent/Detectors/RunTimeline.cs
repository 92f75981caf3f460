using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// What every run record has, read the same way by every run-level detector: creation order, wall-clock start and
/// end, the group a run competes in (its branch, or its pull request), and the time one job of it took.
/// </summary>
public static class RunTimeline
{
    /// <summary>How many of the latest runs the detectors read for "recent" behaviour (the pipeline's current configuration).</summary>
    public const int RecentWindow = 20;

    /// <summary>The runs, first attempts only, in creation order.</summary>
    public static IReadOnlyList<RunRecord> FirstAttempts(IEnumerable<RunRecord> runs) =>
        [.. runs.Where(r => r.Attempt == 1).DistinctBy(r => r.RunId).OrderBy(r => r.OrderValue)];

    /// <summary>The history with the current run appended (the current one last), in creation order.</summary>
    public static IReadOnlyList<RunRecord> WithCurrent(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        return [.. history.Where(h => h.Key != run.Key).Append(run).OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt)];
    }

    /// <summary>
    /// When the run ended on the wall clock: its finish time, else (Travis reports only job time summed over the
    /// build's jobs) start + summed time / jobs, the earliest it can have ended if its jobs ran side by side.
    /// </summary>
    public static DateTimeOffset? WallEnd(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.FinishedAt is { } finished)
        {
            return finished;
        }

        return run.StartedAt is { } started && run.DurationSeconds is { } summed and > 0
            ? started.AddSeconds(summed / Math.Max(1, run.Jobs.Count))
            : null;
    }

    /// <summary>Wall-clock seconds from start to <see cref="WallEnd"/>.</summary>
    public static double? WallSeconds(RunRecord run) =>
        run.StartedAt is { } s && WallEnd(run) is { } e && e >= s ? (e - s).TotalSeconds : null;

    /// <summary>
    /// Seconds one job of the run took: the longest timed job; else the wall time where the run has a finish time;
    /// else the summed time / jobs. This is the lower bound of what a job timeout would have to allow.
    /// </summary>
    public static double? JobSeconds(RunRecord run) => LongestJob(run)?.Low;

    /// <summary>
    /// Bounds of the run's longest job in seconds. Exact (Low = High) where jobs are timed or the run has a finish
    /// time; where only the time summed over n jobs is known (Travis), the longest job took between sum / n and sum.
    /// </summary>
    public static (double Low, double High)? LongestJob(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var timed = run.Jobs.Select(j => j.StartedAt is { } s && j.FinishedAt is { } f && f >= s ? (f - s).TotalSeconds : (double?)null).OfType<double>().ToList();
        if (timed.Count > 0)
        {
            return (timed.Max(), timed.Max());
        }

        if (run.FinishedAt is not null && run.DurationSeconds is null)
        {
            return WallSeconds(run) is { } wall ? (wall, wall) : null;
        }

        return run.EffectiveDurationSeconds is { } d and > 0 ? (d / JobCount(run), d) : null;
    }

    /// <summary>The number of jobs that ran (at least 1).</summary>
    public static int JobCount(RunRecord run) => Math.Max(1, run.Jobs.Count);

    /// <summary>
    /// The group in which a newer run supersedes an older one: the pull request for PR runs (their branch is often the
    /// target branch), else the branch. Null when neither is known.
    /// </summary>
    public static string? GroupOf(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.PullRequest is { } pr)
        {
            return "pr:" + pr.ToString(CultureInfo.InvariantCulture);
        }

        return run.Event == "pull_request" || run.Branch is null ? null : "branch:" + run.Branch;
    }

    /// <summary>The median of a non-empty list.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The median of an empty list is undefined.", nameof(values));
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>A run's id for an evidence sentence: its number or id, clipped.</summary>
    public static string Label(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Clip(run.Number?.ToString(CultureInfo.InvariantCulture) ?? run.RunId, 40);
    }

    /// <summary>A commit for an evidence sentence or snippet: the first 7 characters when it is hexadecimal, else "unknown".</summary>
    public static string ShortCommit(string? commit) =>
        commit is { Length: >= 7 } c && c.AsSpan(0, 7).ContainsAnyExcept("0123456789abcdefABCDEF") is false ? c[..7].ToLowerInvariant() : "unknown";

    /// <summary>A branch (or any untrusted name) for an evidence sentence: clipped to <paramref name="max"/> characters, quoted.</summary>
    public static string Quote(string? name, int max = 60) => name is null ? "(unknown)" : "'" + Clip(name, max) + "'";

    private static string Clip(string text, int max)
    {
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length <= max ? clean : string.Concat(clean.AsSpan(0, max - 1), "…");
    }

    /// <summary>Seconds as minutes with one decimal, for evidence sentences.</summary>
    public static string Minutes(double seconds) => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Whether the run's property <paramref name="key"/> is "true" (set by collectors or the simulator).</summary>
    internal static bool Flag(RunRecord run, string key) =>
        run.Properties is { } p && p.TryGetValue(key, out var v) && v == "true";
}
