using Microsoft.ML;
using Microsoft.ML.Data;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Baselines;

/// <summary>ML.NET FastTree on lag features: regression of log duration and binary failure classification.</summary>
public sealed class FastTreeBaseline
{
    public const int FeatureCount = 20;

    private readonly MLContext ml;
    private ITransformer? regression;
    private ITransformer? classifier;

    public FastTreeBaseline(int seed) => ml = new MLContext(seed);

    private sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public bool Failed { get; set; }
    }

    /// <summary>Lag features of a window: only history and the target's start context.</summary>
    public static float[] LagFeatures(ReadOnlySpan<RunFacts> h, in RunFacts next)
    {
        var f = new float[FeatureCount];
        if (h.Length == 0)
        {
            return f;
        }

        var last = h[^1];
        f[0] = (float)last.LogDuration;
        f[1] = (float)Math.Log(SimpleBaselines.Median5(h));
        f[2] = (float)Math.Log(SimpleBaselines.Ewma(h[^Math.Min(h.Length, 64)..]));
        var w10 = h[^Math.Min(10, h.Length)..];
        double mean = 0, sq = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var r in w10)
        {
            mean += r.LogDuration;
            sq += r.LogDuration * r.LogDuration;
            min = Math.Min(min, r.LogDuration);
            max = Math.Max(max, r.LogDuration);
        }

        mean /= w10.Length;
        f[3] = (float)mean;
        f[4] = (float)Math.Sqrt(Math.Max(0, (sq / w10.Length) - (mean * mean)));
        f[5] = (float)min;
        f[6] = (float)max;
        f[7] = f[0];
        f[8] = f[0];
        for (var i = h.Length - 1; i >= Math.Max(0, h.Length - 32); i--)
        {
            if (h[i].Event == next.Event)
            {
                f[7] = (float)h[i].LogDuration;
                break;
            }
        }

        for (var i = h.Length - 1; i >= Math.Max(0, h.Length - 32); i--)
        {
            if (h[i].Branch is not null && string.Equals(h[i].Branch, next.Branch, StringComparison.Ordinal))
            {
                f[8] = (float)h[i].LogDuration;
                break;
            }
        }

        f[9] = last.Failed ? 1 : 0;
        f[10] = (float)SimpleBaselines.Rate10(h);
        var streak = 0;
        for (var i = h.Length - 1; i >= 0 && h[i].Failed == last.Failed; i--)
        {
            streak++;
        }

        f[11] = last.Failed ? streak : -streak;
        f[12] = next.Event == EventKind.PullRequest ? 1 : 0;
        f[13] = next.Event == EventKind.Other ? 1 : 0;
        f[14] = next.Branch is not null && string.Equals(next.Branch, last.Branch, StringComparison.Ordinal) ? 1 : 0;
        f[15] = !double.IsNaN(next.StartUnixSeconds) && !double.IsNaN(last.StartUnixSeconds) ? (float)Math.Log(1 + Math.Max(0, next.StartUnixSeconds - last.StartUnixSeconds) / 3600) : 0;
        if (!double.IsNaN(next.StartUnixSeconds))
        {
            var t = DateTimeOffset.FromUnixTimeSeconds((long)next.StartUnixSeconds);
            f[16] = t.Hour;
            f[17] = (int)t.DayOfWeek;
        }

        f[18] = (float)Math.Log(h.Length);
        f[19] = last.TestsTotal is > 0 ? (float)Math.Log(1 + last.TestsTotal.Value) : 0;

        // Duration lags relative to the log median of the last 5 (f[1]), so that trees learn corrections that carry
        // across projects of any size; the label is relative too (see Make), f[1] keeps the absolute scale.
        foreach (var i in (ReadOnlySpan<int>)[0, 2, 3, 5, 6, 7, 8])
        {
            f[i] -= f[1];
        }

        return f;
    }

    public void Train(WindowSet set, int maxRows, int seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        var random = new Random(seed);
        var picks = set.Count <= maxRows ? Enumerable.Range(0, set.Count) : Enumerable.Range(0, maxRows).Select(_ => random.Next(set.Count));
        var rows = picks.Select(k => Make(set, k)).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        regression = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Row.Label), featureColumnName: nameof(Row.Features), numberOfLeaves: 31, numberOfTrees: 100, minimumExampleCountPerLeaf: 20)
            .Fit(data);
        classifier = ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(Row.Failed), featureColumnName: nameof(Row.Features), numberOfLeaves: 31, numberOfTrees: 100, minimumExampleCountPerLeaf: 20)
            .Fit(data);
    }

    /// <summary>Predicted durations (seconds) and failure probabilities of every window of the set.</summary>
    public (double[] Seconds, double[] Failure) Predict(WindowSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (regression is null || classifier is null)
        {
            throw new InvalidOperationException("Train the FastTree baseline first.");
        }

        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, set.Count).Select(k => Make(set, k)));
        var centers = Enumerable.Range(0, set.Count).Select(k => Math.Log(SimpleBaselines.Median5(set.History(k)))).ToArray();
        var seconds = regression.Transform(data).GetColumn<float>("Score").Select((s, k) => Math.Exp(centers[k] + s)).ToArray();
        var failure = classifier.Transform(data).GetColumn<float>("Probability").Select(p => (double)p).ToArray();
        return (seconds, failure);
    }

    private static Row Make(WindowSet set, int k)
    {
        var target = set.Target(k);
        var features = LagFeatures(set.History(k), target.ContextOnly());
        return new Row { Features = features, Label = (float)(target.LogDuration - Math.Log(SimpleBaselines.Median5(set.History(k)))), Failed = target.Failed };
    }
}
