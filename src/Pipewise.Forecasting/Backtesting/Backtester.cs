using System.Diagnostics;
using System.Text.Json.Serialization;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Baselines;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Onnx;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>How a backtest (and a training run) splits and trains.</summary>
public sealed record BacktestOptions
{
    public int? MaxPipelines { get; init; }
    public int Seed { get; init; } = 42;
    public int MinRuns { get; init; } = 50;
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>The last part of each pipeline's training runs used for early stopping and the F1 threshold.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    public bool FastTree { get; init; } = true;
    public int FastTreeRows { get; init; } = 200_000;
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Version written into a trained model's manifest.</summary>
    public string? Version { get; init; }

    /// <summary>Where the data came from (for the manifest).</summary>
    public string? DataDescription { get; init; }

    public string? Command { get; init; }
}

public sealed record DurationScore(double Wape, [property: JsonPropertyName("mae_s")] double MaeS);

public sealed record FailureScore(double Auc, double F1);

/// <summary>The JSON contract of EVALUATION.md §1.</summary>
public sealed record BacktestReport
{
    public int Pipelines { get; init; }
    public long TrainRuns { get; init; }
    public long TestRuns { get; init; }
    public required string Model { get; init; }
    public Dictionary<string, DurationScore> Duration { get; init; } = [];
    public Dictionary<string, FailureScore> Failure { get; init; } = [];

    public byte[] ToJson() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, ForecastingJsonContext.Default.BacktestReport);

    /// <summary>A readable table.</summary>
    public string ToTable()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Backtest: {Pipelines} pipelines, {TrainRuns} training runs, {TestRuns} test runs, model {Model}");
        sb.AppendLine("Duration        WAPE      MAE (s)");
        foreach (var (k, v) in Duration)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-12} {v.Wape,7:0.0000}  {v.MaeS,10:0.0}");
        }

        sb.AppendLine("Failure         AUC       F1");
        foreach (var (k, v) in Failure)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-12} {v.Auc,7:0.0000}  {v.F1,7:0.0000}");
        }

        return sb.ToString();
    }
}

/// <summary>A trained and exported model with its manifest.</summary>
public sealed record BuiltModel(TrainedModel Trained, byte[] Onnx, ModelManifest Manifest);

/// <summary>The result of a backtest: the report and, when it trained one, the model.</summary>
public sealed record BacktestResult(BacktestReport Report, BuiltModel? Built, OnnxScorer Scorer);

/// <summary>Runs the EVALUATION.md task: chronological split, walk-forward windows, Bi-LSTM and baselines.</summary>
public static class Backtester
{
    /// <summary>
    /// Groups runs per pipeline, keeps usable runs in creation order and pipelines with enough of them. Only the
    /// facts of each run are kept, not the run, so that a history of a million runs can stream through.
    /// </summary>
    public static IReadOnlyList<PipelineHistory> Prepare(IEnumerable<RunRecord> runs, int minRuns, int? maxPipelines, int seed)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var groups = new Dictionary<PipelineKey, List<(long Order, RunFacts Facts)>>();
        foreach (var run in runs)
        {
            if (!RunFacts.IsUsable(run))
            {
                continue;
            }

            if (!groups.TryGetValue(run.Pipeline, out var list))
            {
                groups[run.Pipeline] = list = [];
            }

            list.Add((run.OrderValue, RunFacts.From(run)));
        }

        var keys = groups.Where(g => g.Value.Count >= minRuns).Select(g => g.Key).OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
        if (maxPipelines is { } max && keys.Count > max)
        {
            var random = new Random(seed);
            keys = keys.OrderBy(_ => random.Next()).Take(max).OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
        }

        return keys.Select(k => new PipelineHistory(k.ToString(), groups[k].OrderBy(r => r.Order).Select(r => r.Facts).ToArray())).ToArray();
    }

    /// <summary>Training, validation and test windows under the chronological split.</summary>
    public static (WindowSet Train, WindowSet Validation, WindowSet Test, long TrainRuns, long TestRuns) Split(IReadOnlyList<PipelineHistory> pipelines, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(options);
        var train = new List<(int, int)>();
        var val = new List<(int, int)>();
        var test = new List<(int, int)>();
        long trainRuns = 0, testRuns = 0;
        for (var p = 0; p < pipelines.Count; p++)
        {
            var n = pipelines[p].Runs.Length;
            var nTrain = (int)Math.Floor(options.TrainFraction * n);
            var nVal = Math.Max(1, (int)Math.Round(options.ValidationFraction * nTrain));
            trainRuns += nTrain;
            testRuns += n - nTrain;
            for (var i = 1; i < nTrain; i++)
            {
                (i >= nTrain - nVal ? val : train).Add((p, i));
            }

            for (var i = nTrain; i < n; i++)
            {
                test.Add((p, i));
            }
        }

        var t = options.Training.History;
        return (new WindowSet(pipelines, train, t), new WindowSet(pipelines, val, t), new WindowSet(pipelines, test, t), trainRuns, testRuns);
    }

    /// <summary>Trains a Bi-LSTM on the training windows, exports it to ONNX and writes its manifest.</summary>
    public static BuiltModel Build(WindowSet train, WindowSet validation, BacktestOptions options, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var trained = Trainer.Train(train, validation, options.Training, progress, ct);
        var version = options.Version ?? $"s{options.Training.Seed}";
        var onnx = OnnxExporter.Export(trained.Network, new Dictionary<string, string> { ["feature_schema"] = FeatureSchema.Version, ["version"] = version });
        double first = double.MaxValue, last = double.MinValue;
        foreach (var p in train.Pipelines)
        {
            foreach (var r in p.Runs)
            {
                if (!double.IsNaN(r.StartUnixSeconds))
                {
                    first = Math.Min(first, r.StartUnixSeconds);
                    last = Math.Max(last, r.StartUnixSeconds);
                }
            }
        }

        var net = trained.Network;
        var manifest = new ModelManifest
        {
            Version = version,
            FeatureSchema = FeatureSchema.Version,
            History = trained.History,
            Features = FeatureSchema.Count,
            FeatureNames = FeatureSchema.Names,
            NormalizationMean = trained.Normalization.Mean,
            NormalizationStd = trained.Normalization.Std,
            HiddenSize = net.Shape.HiddenSize,
            Layers = net.Shape.Layers,
            HeadHidden = net.Shape.HeadHidden,
            ModelSha256 = ModelManifest.Sha256(onnx),
            Training = new TrainingSpan
            {
                Data = options.DataDescription,
                Pipelines = train.Pipelines.Count,
                Windows = train.Count,
                FirstRun = first < double.MaxValue ? DateTimeOffset.FromUnixTimeSeconds((long)first) : null,
                LastRun = last > double.MinValue ? DateTimeOffset.FromUnixTimeSeconds((long)last) : null,
                Seed = options.Training.Seed,
                Epochs = trained.Epochs.Count,
                Command = options.Command,
            },
        };
        return new BuiltModel(trained, onnx, manifest);
    }

    /// <summary>Scores every window of a set through ONNX Runtime in batches.</summary>
    public static WindowScore[] Score(OnnxScorer scorer, WindowSet set, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(set);
        const int Batch = 512;
        var size = scorer.WindowSize;
        var result = new WindowScore[set.Count];
        var windows = new float[Batch * size];
        var centers = new float[Batch];
        var history = scorer.Manifest.History;
        for (var start = 0; start < set.Count; start += Batch)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(Batch, set.Count - start);
            for (var b = 0; b < count; b++)
            {
                var k = start + b;
                var target = set.Target(k);
                centers[b] = WindowBuilder.Build(set.History(k), target.ContextOnly(), history, windows.AsSpan(b * size, size), scorer.Manifest.Normalization);
            }

            scorer.Score(windows, centers, count).CopyTo(result, start);
        }

        return result;
    }

    /// <summary>
    /// Runs the backtest. With <paramref name="model"/> given it scores that model; otherwise it trains one on the
    /// training part. <paramref name="others"/> are further models scored on the same windows (e.g. the champion).
    /// </summary>
    public static BacktestResult Run(IReadOnlyList<PipelineHistory> pipelines, BacktestOptions options, OnnxScorer? model, IReadOnlyDictionary<string, OnnxScorer>? others, Action<string>? log, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(options);
        if (pipelines.Count == 0)
        {
            throw new InvalidOperationException($"No pipeline has at least {options.MinRuns} usable runs (passed, failed or errored, with a duration and a start time).");
        }

        var clock = Stopwatch.StartNew();
        var history = model?.Manifest.History ?? options.Training.History;
        options = options with { Training = options.Training with { History = history } };
        var (train, val, test, trainRuns, testRuns) = Split(pipelines, options);
        log?.Invoke($"{pipelines.Count} pipelines: {train.Count} training windows, {val.Count} validation windows, {test.Count} test windows.");
        BuiltModel? built = null;
        if (model is null)
        {
            built = Build(train, val, options, progress, ct);
            model = OnnxScorer.Load(built.Manifest.ToJson(), built.Onnx, "trained model");
            log?.Invoke($"Trained in {clock.Elapsed.TotalSeconds:0}s.");
        }

        var actual = new double[test.Count];
        var labels = new bool[test.Count];
        var valLabels = new bool[val.Count];
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

        var duration = new Dictionary<string, DurationScore>();
        var failure = new Dictionary<string, FailureScore>();
        void AddModel(string name, OnnxScorer scorer)
        {
            var testScores = Score(scorer, test, ct);
            var valScores = Score(scorer, val, ct);
            var predicted = testScores.Select(s => Math.Exp(s.P50Log)).ToArray();
            duration[name] = D(actual, predicted);
            failure[name] = Fs(labels, testScores.Select(s => (double)s.Failure).ToArray(), valLabels, valScores.Select(s => (double)s.Failure).ToArray());
        }

        AddModel("bilstm", model);
        foreach (var (name, other) in others ?? new Dictionary<string, OnnxScorer>())
        {
            AddModel(name, other);
        }

        double[] Simple(WindowSet set, Func<RunFacts[], int, double> f)
        {
            var r = new double[set.Count];
            for (var k = 0; k < set.Count; k++)
            {
                var (p, i) = set.Targets[k];
                r[k] = f(set.Pipelines[p].Runs, i);
            }

            return r;
        }

        duration["last"] = D(actual, Simple(test, (r, i) => SimpleBaselines.LastDuration(r.AsSpan(0, i))));
        duration["median5"] = D(actual, Simple(test, (r, i) => SimpleBaselines.Median5(r.AsSpan(0, i))));
        duration["ewma"] = D(actual, Simple(test, (r, i) => SimpleBaselines.Ewma(r.AsSpan(0, i))));
        failure["last_outcome"] = Fs(labels, Simple(test, (r, i) => SimpleBaselines.LastOutcome(r.AsSpan(0, i))), valLabels, Simple(val, (r, i) => SimpleBaselines.LastOutcome(r.AsSpan(0, i))));
        failure["rate10"] = Fs(labels, Simple(test, (r, i) => SimpleBaselines.Rate10(r.AsSpan(0, i))), valLabels, Simple(val, (r, i) => SimpleBaselines.Rate10(r.AsSpan(0, i))));
        if (options.FastTree)
        {
            var ft = new FastTreeBaseline(options.Seed);
            ft.Train(train, options.FastTreeRows, options.Seed);
            var (sec, fail) = ft.Predict(test);
            var (_, valFail) = ft.Predict(val);
            duration["fasttree"] = D(actual, sec);
            failure["fasttree"] = Fs(labels, fail, valLabels, valFail);
        }

        log?.Invoke($"Backtest finished in {clock.Elapsed.TotalSeconds:0}s.");
        var report = new BacktestReport
        {
            Pipelines = pipelines.Count,
            TrainRuns = trainRuns,
            TestRuns = testRuns,
            Model = model.Manifest.ModelVersion,
            Duration = duration,
            Failure = failure,
        };
        if (built is not null)
        {
            var metrics = new Dictionary<string, double>();
            foreach (var (k, v) in duration)
            {
                metrics[$"duration_wape.{k}"] = v.Wape;
            }

            foreach (var (k, v) in failure)
            {
                metrics[$"failure_auc.{k}"] = v.Auc;
            }

            built = built with { Manifest = built.Manifest with { Metrics = metrics } };
        }

        return new BacktestResult(report, built, model);
    }

    private static DurationScore D(double[] actual, double[] predicted) =>
        new(Math.Round(Metrics.Wape(actual, predicted), 4), Math.Round(Metrics.Mae(actual, predicted), 1));

    private static FailureScore Fs(bool[] labels, double[] scores, bool[] valLabels, double[] valScores)
    {
        var threshold = Metrics.BestThreshold(valLabels, valScores);
        return new FailureScore(Math.Round(Metrics.Auc(labels, scores), 4), Math.Round(Metrics.F1(labels, scores, threshold), 4));
    }
}
