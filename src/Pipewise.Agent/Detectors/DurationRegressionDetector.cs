using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// A lasting duration regression: a change point in the durations of the pipeline's successful first attempts,
/// found as the split that maximises the Mann–Whitney rank statistic of "later runs are slower". A single slow run
/// is never one: at least <see cref="MinAfter"/> runs after the split, all of the last 3 slower than the median
/// before, the one-sided rank statistic z ≥ <see cref="MinZ"/> and the median up by ≥ <see cref="MinChange"/>.
/// </summary>
public static class DurationRegressionDetector
{
    /// <summary>Runs before the split: enough for a median that one outlier cannot move.</summary>
    public const int MinBefore = 8;

    /// <summary>Runs after the split: the change lasted, it is not one slow run.</summary>
    public const int MinAfter = 5;

    /// <summary>One-sided z of the rank statistic: p ≈ 0.001 per split, so a scan over ~20 splits stays below ~2 % false alarms.</summary>
    public const double MinZ = 3.0;

    /// <summary>Smaller changes are within the run-to-run noise of CI durations and not worth a person's time.</summary>
    public const double MinChange = 0.2;

    /// <summary>The strongest lasting step up in <paramref name="seconds"/> (in order), or null.</summary>
    public static ChangePoint? Find(IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var n = seconds.Count;
        ChangePoint? best = null;
        for (var k = MinBefore; k <= n - MinAfter; k++)
        {
            var before = seconds.Take(k).ToList();
            var after = seconds.Skip(k).ToList();
            double u = 0;
            foreach (var a in after)
            {
                foreach (var b in before)
                {
                    u += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }

            double n1 = before.Count, n2 = after.Count;
            var z = (u - (n1 * n2 / 2)) / Math.Sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
            if (best is null || z > best.Z)
            {
                best = new ChangePoint(k, RunTimeline.Median(before), RunTimeline.Median(after), z);
            }
        }

        if (best is null || best.Z < MinZ || best.Change < MinChange || seconds.TakeLast(3).Any(s => s <= best.MedianBefore))
        {
            return null;
        }

        return best;
    }

    /// <summary>The runs whose durations the detector reads: successful first attempts with a duration, in order.</summary>
    public static IReadOnlyList<RunRecord> Sample(IReadOnlyList<RunRecord> runs) =>
        [.. RunTimeline.FirstAttempts(runs).Where(r => r.Result == RunResult.Succeeded && r.EffectiveDurationSeconds is > 0)];

    public static Candidate? Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sample = Sample(RunTimeline.WithCurrent(run, history));
        if (Find([.. sample.Select(r => r.EffectiveDurationSeconds!.Value)]) is not { } cp)
        {
            return null;
        }

        var culprit = sample[cp.Index];
        var good = sample[cp.Index - 1];
        var pct = (100 * cp.Change).ToString("0", CultureInfo.InvariantCulture);
        var commit = RunTimeline.ShortCommit(culprit.Commit);
        var evidence =
            $"+{pct} % since run {RunTimeline.Label(culprit)}, commit {commit}: the median duration went from {RunTimeline.Minutes(cp.MedianBefore)} to " +
            $"{RunTimeline.Minutes(cp.MedianAfter)} min over the {sample.Count - cp.Index} successful runs since (and stayed up), " +
            $"against {cp.Index} runs before (rank test z = {cp.Z.ToString("0.0", CultureInfo.InvariantCulture)})";
        return new Candidate(ActionCatalog.DurationRegression, evidence, cp.MedianAfter - cp.MedianBefore, new Dictionary<string, string>
        {
            ["run"] = RunTimeline.Label(culprit),
            ["runId"] = culprit.RunId,
            ["pct"] = pct,
            ["commit"] = commit,
            ["good"] = RunTimeline.ShortCommit(good.Commit),
            ["before"] = cp.MedianBefore.ToString("R", CultureInfo.InvariantCulture),
        });
    }
}
