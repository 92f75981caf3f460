using Pipewise.Forecasting.Baselines;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>
/// The backtest's scores on the test windows: duration WAPE and MAE, failure AUC and F1 at a threshold chosen on the
/// validation windows, for each model and baseline added, in the order added.
/// </summary>
internal sealed class Scoreboard
{
    private readonly WindowSet train;
    private readonly WindowSet val;
    private readonly WindowSet test;
    private readonly CancellationToken ct;
    private readonly double[] actual;
    private readonly bool[] labels;
    private readonly bool[] valLabels;

    public Scoreboard(WindowSet train, WindowSet val, WindowSet test, CancellationToken ct)
    {
        this.train = train;
        this.val = val;
        this.test = test;
        this.ct = ct;
        actual = new double[test.Count];
        labels = new bool[test.Count];
        valLabels = new bool[val.Count];
        for (var k = 0; k < test.Count; k++)
        {
            var t = test.Target(k);
            actual[k] = Math.Exp(t.LogDuration);
            labels[k] = t.Failed;
        }

        for (var k = 0; k < val.Count; k++)
        {
            valLabels[k] = val.Target(k).Failed;
        }
    }

    public Dictionary<string, DurationScore> Duration { get; } = [];

    public Dictionary<string, FailureScore> Failure { get; } = [];

    /// <summary>How often each predictor served, by name (after <see cref="AddModel"/> with a served row).</summary>
    public Dictionary<string, int> ServedBy { get; } = [];

    /// <summary>
    /// Scores a model on the test windows; with <paramref name="servedName"/> also the served forecast built on it (rows
    /// of that name: the per-pipeline choice of model or baseline, the p90 from recent errors, the calibrated failure risk).
    /// </summary>
    public void AddModel(string name, OnnxScorer scorer, string? servedName = null)
    {
        var testScores = Backtester.Score(scorer, test, ct);
        var valScores = Backtester.Score(scorer, val, ct);
        var predicted = testScores.Select(s => Math.Exp(s.P50Log)).ToArray();
        var raw = testScores.Select(s => (double)s.Failure).ToArray();
        var valRaw = valScores.Select(s => (double)s.Failure).ToArray();
        Duration[name] = D(actual, predicted, testScores.Select(s => Math.Exp(s.P90Log)).ToArray());
        Failure[name] = Fs(labels, raw, valLabels, valRaw);
        if (servedName is null)
        {
            return;
        }

        var result = ServedScoring.Compute(test, testScores, scorer, ct);
        var calibration = scorer.Manifest.Calibration;
        Duration[servedName] = D(actual, result.P50, result.P90);
        Failure[servedName] = Fs(labels, result.Failure, valLabels, valRaw.Select(calibration.Apply).ToArray());
        if (servedName == "served")
        {
            foreach (var g in result.Predictor.GroupBy(p => p))
            {
                ServedBy[g.Key] = g.Count();
            }
        }
    }

    /// <summary>Last value, median of the last 5 and EWMA for duration; last outcome and rate of the last 10 for failure.</summary>
    public void AddSimpleBaselines()
    {
        Duration["last"] = D(actual, Simple(test, (r, i) => SimpleBaselines.LastDuration(r.AsSpan(0, i))));
        Duration["median5"] = D(actual, Simple(test, (r, i) => SimpleBaselines.Median5(r.AsSpan(0, i))));
        Duration["ewma"] = D(actual, Simple(test, (r, i) => SimpleBaselines.Ewma(r.AsSpan(0, i))));
        Failure["last_outcome"] = Fs(labels, Simple(test, (r, i) => SimpleBaselines.LastOutcome(r.AsSpan(0, i))), valLabels, Simple(val, (r, i) => SimpleBaselines.LastOutcome(r.AsSpan(0, i))));
        Failure["rate10"] = Fs(labels, Simple(test, (r, i) => SimpleBaselines.Rate10(r.AsSpan(0, i))), valLabels, Simple(val, (r, i) => SimpleBaselines.Rate10(r.AsSpan(0, i))));
    }

    /// <summary>ML.NET FastTree on lag features, trained on the training windows.</summary>
    public void AddFastTree(BacktestOptions options)
    {
        var ft = new FastTreeBaseline(options.Seed);
        ft.Train(train, options.FastTreeRows, options.Seed);
        var (sec, fail) = ft.Predict(test);
        var (_, valFail) = ft.Predict(val);
        Duration["fasttree"] = D(actual, sec);
        Failure["fasttree"] = Fs(labels, fail, valLabels, valFail);
    }

    private static double[] Simple(WindowSet set, Func<RunFacts[], int, double> f)
    {
        var r = new double[set.Count];
        for (var k = 0; k < set.Count; k++)
        {
            var (p, i) = set.Targets[k];
            r[k] = f(set.Pipelines[p].Runs, i);
        }

        return r;
    }

    private static DurationScore D(double[] actual, double[] predicted, double[]? p90 = null) =>
        new(Math.Round(Metrics.Wape(actual, predicted), 4), Math.Round(Metrics.Mae(actual, predicted), 1))
        {
            P90Coverage = p90 is null ? null : Math.Round(Metrics.Coverage(actual, p90), 4),
        };

    private static FailureScore Fs(bool[] labels, double[] scores, bool[] valLabels, double[] valScores)
    {
        var threshold = Metrics.BestThreshold(valLabels, valScores);
        return new FailureScore(Math.Round(Metrics.Auc(labels, scores), 4), Math.Round(Metrics.F1(labels, scores, threshold), 4))
        {
            Ece = Math.Round(Metrics.Ece(labels, scores), 4),
        };
    }
}
