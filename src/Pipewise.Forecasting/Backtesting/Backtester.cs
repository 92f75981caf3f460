using System.Diagnostics;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

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
        var unseen = Unseen(pipelines.Count, options.UnseenFraction, options.Seed);
        for (var p = 0; p < pipelines.Count; p++)
        {
            var n = pipelines[p].Runs.Length;
            var nTrain = (int)Math.Floor(options.TrainFraction * n);
            var nVal = Math.Max(1, (int)Math.Round(options.ValidationFraction * nTrain));
            if (unseen.Count == 0 || !unseen.Contains(p))
            {
                trainRuns += nTrain;
                for (var i = 1; i < nTrain; i++)
                {
                    (i >= nTrain - nVal ? val : train).Add((p, i));
                }
            }

            if (unseen.Count > 0 && !unseen.Contains(p))
            {
                continue; // with held-out pipelines, only they are scored
            }

            testRuns += n - nTrain;
            for (var i = nTrain; i < n; i++)
            {
                test.Add((p, i));
            }
        }

        var t = options.Training.History;
        return (new WindowSet(pipelines, train, t), new WindowSet(pipelines, val, t), new WindowSet(pipelines, test, t), trainRuns, testRuns);
    }

    /// <summary>The seeded set of held-out pipeline indices (at least one when the fraction is positive).</summary>
    public static IReadOnlySet<int> Unseen(int pipelines, double fraction, int seed)
    {
        if (!(fraction > 0) || pipelines < 2)
        {
            return new HashSet<int>();
        }

        var count = Math.Clamp((int)Math.Round(fraction * pipelines), 1, pipelines - 1);
        var random = new Random(seed + 17);
        return Enumerable.Range(0, pipelines).OrderBy(_ => random.Next()).Take(count).ToHashSet();
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
        var anchors = new WindowAnchors[Batch];
        var history = scorer.Manifest.History;
        for (var start = 0; start < set.Count; start += Batch)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(Batch, set.Count - start);
            for (var b = 0; b < count; b++)
            {
                var k = start + b;
                var target = set.Target(k);
                anchors[b] = WindowBuilder.Build(set.History(k), target.ContextOnly(), history, windows.AsSpan(b * size, size), scorer.Manifest.Normalization);
            }

            scorer.Score(windows, anchors, count).CopyTo(result, start);
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
            built = ModelBuilder.Build(train, val, options, progress, ct);
            model = OnnxScorer.Load(built.Manifest.ToJson(), built.Onnx, "trained model");
            log?.Invoke($"Trained in {clock.Elapsed.TotalSeconds:0}s.");
        }

        var board = new Scoreboard(train, val, test, ct);
        board.AddModel("bilstm", model, "served");
        foreach (var (name, other) in others ?? new Dictionary<string, OnnxScorer>())
        {
            board.AddModel(name, other, name + "_served");
        }

        log?.Invoke("Served predictors on the test runs: " + string.Join(", ", board.ServedBy.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}")) + ".");

        board.AddSimpleBaselines();
        if (options.FastTree)
        {
            board.AddFastTree(options);
        }

        var duration = board.Duration;
        var failure = board.Failure;
        log?.Invoke($"Backtest finished in {clock.Elapsed.TotalSeconds:0}s.");
        var report = new BacktestReport
        {
            Pipelines = pipelines.Count,
            UnseenFraction = options.UnseenFraction > 0 ? options.UnseenFraction : null,
            UnseenPipelines = options.UnseenFraction > 0 ? Unseen(pipelines.Count, options.UnseenFraction, options.Seed).Count : null,
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

            if (duration.TryGetValue("served", out var served) && served.P90Coverage is { } coverage)
            {
                metrics["p90_coverage.served"] = coverage;
            }

            if (failure.TryGetValue("served", out var sf) && sf.Ece is { } ece)
            {
                metrics["failure_ece.served"] = ece;
            }

            built = built with { Manifest = built.Manifest with { Metrics = metrics } };
        }

        return new BacktestResult(report, built, model);
    }
}
