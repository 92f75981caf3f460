using System.Diagnostics;
using System.Globalization;
using Pipewise.Forecasting;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Scoring;

// Model benchmarks (never timed tests): windows scored per second in batch and single-window latency for ONNX Runtime
// and the managed forward pass, and training time per epoch on 100k windows.
// Usage: dotnet run -c Release --project bench/Pipewise.Bench.Model -- [bench <modelDir> <travistorrent csv.gz>]
//        dotnet run -c Release --project bench/Pipewise.Bench.Model -- backtest <input> <maxPipelines> <epochs> [hidden] [out.json] [modelOut] [windowsPerEpoch] [version]
var ci = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "backtest")
{
    var input = args[1];
    var max = int.Parse(args[2], ci);
    var epochs = int.Parse(args[3], ci);
    var hidden = args.Length > 4 ? int.Parse(args[4], ci) : 32;
    var perEpoch = args.Length > 7 ? int.Parse(args[7], ci) : 60_000;
    var version = args.Length > 8 ? args[8] : null;
    var btOptions = new BacktestOptions
    {
        MaxPipelines = max > 0 ? max : null,
        Training = new TrainingOptions { Epochs = epochs, HiddenSize = hidden, WindowsPerEpoch = perEpoch },
        DataDescription = "travistorrent2021 go+java builds (../shared/data/ci-runs/travistorrent2021, both files)" + (max > 0 ? $", {max} projects sampled with seed 42" : string.Empty),
        Version = version,
        Command = $"pipewise backtest --input ../shared/data/ci-runs/travistorrent2021 --format travistorrent{(max > 0 ? $" --max-pipelines {max}" : string.Empty)} --seed 42 --hidden {hidden} --epochs {epochs} --windows-per-epoch {perEpoch} --json backtest.json --save-model models/default{(version is null ? string.Empty : " --model-version " + version)}"
            + $"\n(equivalently: dotnet run -c Release --project bench/Pipewise.Bench.Model -- backtest ../shared/data/ci-runs/travistorrent2021 {max} {epochs} {hidden} backtest.json models/default {perEpoch}{(version is null ? string.Empty : " " + version)})",
    };
    var runs = Workflows.ReadInput(input, "travistorrent");
    var pipelines = Backtester.Prepare(runs, btOptions.MinRuns, btOptions.MaxPipelines, btOptions.Seed);
    var progress = new Progress<EpochReport>(e => Console.Error.WriteLine(Workflows.Describe(e)));
    var result = Backtester.Run(pipelines, btOptions, null, null, Console.Error.WriteLine, progress, CancellationToken.None);
    Console.WriteLine(result.Report.ToTable());
    Console.WriteLine(System.Text.Encoding.UTF8.GetString(result.Report.ToJson()));
    if (args.Length > 5)
    {
        File.WriteAllBytes(args[5], result.Report.ToJson());
    }

    if (args.Length > 6 && result.Built is not null)
    {
        Workflows.SaveModel(args[6], result.Built, result.Report);
    }

    return 0;
}

var modelDir = args.Length > 1 ? args[1] : ForecasterFactory.FindDefaultModelDirectory() ?? throw new InvalidOperationException("models/default not found");
var data = args.Length > 2 ? args[2] : Path.Combine(modelDir, "..", "..", "..", "shared", "data", "ci-runs", "travistorrent2021", "travistorrent2021_builds_go.csv.gz");
using var scorer = OnnxScorer.LoadDirectory(modelDir);
var pipes = Backtester.Prepare(Pipewise.Forecasting.Data.TravisTorrentInput.Read(data).Take(60_000), 50, null, 1);
var (train, val, test, _, _) = Backtester.Split(pipes, new BacktestOptions { Training = new TrainingOptions { History = scorer.Manifest.History } });
Console.WriteLine($"Model {scorer.Manifest.ModelVersion}: hidden {scorer.Manifest.HiddenSize}, layers {scorer.Manifest.Layers}, T {scorer.Manifest.History}; {Environment.ProcessorCount} cores");

// Batch scoring through ONNX Runtime (includes feature building).
var sw = Stopwatch.StartNew();
var scored = Backtester.Score(scorer, test, CancellationToken.None);
sw.Stop();
Console.WriteLine($"ONNX batch (512/batch, with features): {scored.Length / sw.Elapsed.TotalSeconds:0} windows/s over {scored.Length} windows");

// Single-window latency: ONNX Runtime and managed.
var size = test.WindowSize;
var window = new float[size];
var center = test.Fill(0, window, scorer.Manifest.Normalization).Anchors;
for (var i = 0; i < 50; i++)
{
    scorer.ScoreOne(window, center);
}

const int Singles = 2000;
sw.Restart();
for (var i = 0; i < Singles; i++)
{
    scorer.ScoreOne(window, center);
}

sw.Stop();
Console.WriteLine($"ONNX single window: {sw.Elapsed.TotalMilliseconds * 1000 / Singles:0.0} µs/window");

// One served forecast as `pipewise run` makes it: 64 runs of history, the target window, 16 occlusion variants and
// the 30 judged runs of the served choice in one ONNX Runtime batch.
var longest = test.Pipelines.OrderByDescending(p => p.Runs.Length).First().Runs;
if (longest.Length > 65)
{
    using var forecaster = new OnnxForecaster(OnnxScorer.LoadDirectory(modelDir));
    var servedHistory = longest.AsSpan(longest.Length - 65, 64).ToArray();
    var servedNext = longest[^1].ContextOnly();
    for (var i = 0; i < 20; i++)
    {
        forecaster.Forecast(servedHistory, servedNext);
    }

    const int Forecasts = 200;
    sw.Restart();
    for (var i = 0; i < Forecasts; i++)
    {
        forecaster.Forecast(servedHistory, servedNext);
    }

    sw.Stop();
    Console.WriteLine($"Served forecast per run (64 runs of history, 47 windows in one batch, with explanation): {sw.Elapsed.TotalMilliseconds / Forecasts:0.00} ms");
}

var net = new BiLstmNetwork(new BiLstmShape(FeatureSchema.Count, scorer.Manifest.HiddenSize, scorer.Manifest.Layers, scorer.Manifest.HeadHidden, scorer.Manifest.History + 1));
net.Initialize(new Random(1));
var ws = net.CreateWorkspace();
var output = new float[3];
sw.Restart();
for (var i = 0; i < Singles; i++)
{
    net.Forward(window, ws, output);
}

sw.Stop();
Console.WriteLine($"Managed single window: {sw.Elapsed.TotalMilliseconds * 1000 / Singles:0.0} µs/window ({Singles / sw.Elapsed.TotalSeconds:0} windows/s, one thread)");

// Training: one epoch; 100k windows by default (PIPEWISE_BENCH_TRAIN_WINDOWS to measure fewer and scale).
var trainWindows = int.TryParse(Environment.GetEnvironmentVariable("PIPEWISE_BENCH_TRAIN_WINDOWS"), out var tw) ? tw : 100_000;
var options = new TrainingOptions { Epochs = 1, WindowsPerEpoch = trainWindows, MaxValidationWindows = 200, HiddenSize = scorer.Manifest.HiddenSize, History = scorer.Manifest.History, Patience = 10 };
sw.Restart();
var trained = Trainer.Train(train, val, options);
sw.Stop();
Console.WriteLine($"Training: {sw.Elapsed.TotalSeconds:0.0} s for an epoch of {trainWindows} windows = {sw.Elapsed.TotalSeconds * 100_000 / trainWindows:0} s per 100k windows ({options.Threads} threads, hidden {options.HiddenSize}, T {options.History}); {train.Count} distinct training windows");
Console.WriteLine($"Load average while measuring: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
return 0;
