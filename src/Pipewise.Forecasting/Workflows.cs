using System.Globalization;
using System.Text;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Drift;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Registry;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting;

/// <summary>The forecasting commands (backtest, train, model registry) as library calls; the CLI is a thin shell.</summary>
public static class Workflows
{
    /// <summary>Reads runs from a travistorrent2021 CSV(.gz) file or a folder of them; <paramref name="log"/> hears of skipped malformed rows.</summary>
    public static IEnumerable<RunRecord> ReadInput(string input, string format, Action<string>? log = null)
    {
        if (!string.Equals(format, "travistorrent", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputFormatException($"--format '{format}' is not supported; expected 'travistorrent' (travistorrent2021 build CSV, plain or .gz).");
        }

        var files = TravisTorrentInput.Files(input);
        if (files.Count == 0)
        {
            throw new InputFormatException($"{input}: no *.csv or *.csv.gz files found.");
        }

        return files.SelectMany(file => TravisTorrentInput.Read(file, log));
    }

    /// <summary>Every run of the store's pipelines (optionally only some).</summary>
    public static async Task<List<RunRecord>> ReadStoreAsync(IPipewiseStore store, IReadOnlyCollection<PipelineKey>? only, Action<string>? log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var runs = new List<RunRecord>();
        var report = new StoreReadReport();
        foreach (var p in await store.ListPipelinesAsync(ct).ConfigureAwait(false))
        {
            if (only is not null && !only.Contains(p))
            {
                continue;
            }

            await foreach (var r in store.ReadAllRunsAsync(p, report, ct).ConfigureAwait(false))
            {
                runs.Add(r);
            }
        }

        foreach (var problem in report.Problems)
        {
            log?.Invoke($"warning: {problem}");
        }

        return runs;
    }

    private static OnnxScorer? LoadShippedDefault(Action<string>? log)
    {
        if (ForecasterFactory.FindDefaultModelDirectory() is not { } dir)
        {
            return null;
        }

        try
        {
            return OnnxScorer.LoadDirectory(dir);
        }
        catch (ModelRejectedException ex)
        {
            log?.Invoke($"The shipped default model cannot be the champion: {ex.Message}");
            return null;
        }
    }

    /// <summary>Formats an epoch line for progress display.</summary>
    public static string Describe(EpochReport e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{e.Epochs}  loss {e.TrainLoss:0.0000}  val loss {e.ValidationLoss:0.0000}  val WAPE {e.ValidationWape:0.0000}  val AUC {e.ValidationAuc:0.0000}  {(e.Improved ? "*" : " ")}  elapsed {e.Elapsed:hh\\:mm\\:ss}  left ~{e.Remaining:hh\\:mm\\:ss}");
    }

    /// <summary>Writes model.onnx, manifest.json and MODEL_CARD.md into a folder.</summary>
    public static void SaveModel(string directory, BuiltModel built, BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(built);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, ModelRegistry.ModelFile), built.Onnx);
        File.WriteAllBytes(Path.Combine(directory, ModelRegistry.ManifestFile), built.Manifest.ToJson());
        File.WriteAllText(Path.Combine(directory, ModelRegistry.CardFile), ModelCard(built.Manifest, report));
    }

    public static string ModelCard(ModelManifest manifest, BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(report);
        var t = manifest.Training;
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"# Model card: {manifest.ModelVersion}");
        sb.AppendLine();
        sb.AppendLine("Bidirectional LSTM forecasting the next run of a CI pipeline from its last runs plus what is known when the run starts:");
        sb.AppendLine("the log-ratio of the next duration to the median of the last 5 runs (p50 and p90, pinball loss) and a correction to the");
        sb.AppendLine("logit of the recent failure rate (cross-entropy, then Platt-calibrated). Users get the *served* forecast: per pipeline, the");
        sb.AppendLine("model or a simple forecast that has been clearly more accurate on that pipeline's last 30 runs, with a p90 from its own errors on those runs.");
        sb.AppendLine();
        sb.AppendLine("## Model");
        sb.AppendLine(ci, $"- Feature schema: `{manifest.FeatureSchema}` ({manifest.Features} features per step, see docs/features.md); history T = {manifest.History}.");
        sb.AppendLine(ci, $"- Bi-LSTM: hidden {manifest.HiddenSize}, layers {manifest.Layers}; heads: dense {manifest.HeadHidden} + ReLU, then 3 outputs.");
        sb.AppendLine(ci, $"- ONNX opset {Onnx.OnnxExporter.Opset}, standard `LSTM` operator (direction=bidirectional); SHA-256 `{manifest.ModelSha256}`.");
        sb.AppendLine();
        sb.AppendLine("## Data");
        sb.AppendLine(ci, $"- {t?.Data ?? "(not recorded)"}");
        sb.AppendLine(ci, $"- {report.Pipelines} pipelines; {report.TrainRuns} training runs (first 80% of each pipeline), {report.TestRuns} test runs (last 20%).");
        if (report.UnseenPipelines is { } unseen)
        {
            sb.AppendLine(ci, $"- {unseen} pipelines ({report.UnseenFraction:P0}, seeded) were held out entirely: the model never trained on them, and the metrics below are on their test parts only.");
        }

        if (manifest.FailureCalibration is { } cal)
        {
            sb.AppendLine(ci, $"- Failure calibration (Platt, fitted on the validation part): a = {cal.A:0.####}, b = {cal.B:0.####}.");
        }
        sb.AppendLine(ci, $"- Training windows: {t?.Windows}; run start times {t?.FirstRun:yyyy-MM-dd} .. {t?.LastRun:yyyy-MM-dd}; seed {t?.Seed}; epochs run {t?.Epochs}.");
        sb.AppendLine();
        sb.AppendLine("## Metrics on the chronological test part (EVALUATION.md §1)");
        sb.AppendLine("| duration | WAPE | MAE (s) | p90 coverage |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (k, v) in report.Duration)
        {
            sb.AppendLine(ci, $"| {k} | {v.Wape:0.0000} | {v.MaeS:0.0} | {(v.P90Coverage is { } c ? c.ToString("0.0000", ci) : "–")} |");
        }

        sb.AppendLine();
        sb.AppendLine("| failure | AUC | F1 | ECE |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (k, v) in report.Failure)
        {
            sb.AppendLine(ci, $"| {k} | {v.Auc:0.0000} | {v.F1:0.0000} | {(v.Ece is { } e ? e.ToString("0.0000", ci) : "–")} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Limits");
        sb.AppendLine("- Trained on Travis CI builds of open-source go and java projects (2011–2021); Travis duration is summed job time.");
        sb.AppendLine("- Needs at least 3 finished runs of a pipeline; fewer gives no forecast. Queue time, resource samples and test counts are");
        sb.AppendLine("  used when present but were absent (queue) or partial (tests) in the training data.");
        sb.AppendLine("- Failure probability is calibrated over all pipelines (Platt), not per pipeline.");
        sb.AppendLine();
        sb.AppendLine("## Reproduce");
        sb.AppendLine("```");
        sb.AppendLine(t?.Command ?? "(not recorded)");
        sb.AppendLine("```");
        return sb.ToString();
    }

    /// <summary>
    /// Trains a challenger on the store's history, evaluates it chronologically against the current model (champion)
    /// and the baselines, registers it, and promotes it only when it wins (and <paramref name="promote"/> is set).
    /// </summary>
    public static async Task<(BacktestReport Report, PromotionDecision Decision, string Version)> TrainFromStoreAsync(
        IPipewiseStore store, bool staleOnly, bool promote, BacktestOptions options, Action<string>? log, IProgress<EpochReport>? progress, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var tracker = new PredictionTracker(store);
        IReadOnlyCollection<PipelineKey>? only = null;
        if (staleOnly)
        {
            only = (await tracker.GetStaleAsync(ct).ConfigureAwait(false)).ToHashSet();
            if (only.Count == 0)
            {
                throw new InvalidOperationException("No pipeline is flagged for retraining (predictions/_stale.json is empty).");
            }

            log?.Invoke($"Retraining on {only.Count} flagged pipeline(s).");
        }

        var runs = await ReadStoreAsync(store, only, log, ct).ConfigureAwait(false);
        var pipelines = Backtester.Prepare(runs, options.MinRuns, options.MaxPipelines, options.Seed);
        var registry = new ModelRegistry(store);
        // The champion is the store's current model, or on a fresh store the shipped default that `run` serves.
        var champion = await registry.LoadCurrentAsync(log, ct).ConfigureAwait(false) ?? LoadShippedDefault(log);
        var version = options.Version ?? time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        options = options with { Version = version, DataDescription = options.DataDescription ?? $"store {store.Description}" };
        var others = new Dictionary<string, OnnxScorer>();
        if (champion is not null && champion.Manifest.History == options.Training.History)
        {
            others["champion"] = champion;
        }
        else if (champion is not null)
        {
            log?.Invoke($"The champion {champion.Manifest.ModelVersion} reads {champion.Manifest.History} runs per window and the challenger {options.Training.History}; it is not compared.");
        }

        try
        {
            var result = Backtester.Run(pipelines, options, null, others, log, progress, ct);
            var decision = ModelRegistry.Decide(result.Report, result.Report.Model, others.TryGetValue("champion", out var c) ? c.Manifest.ModelVersion : null);
            await registry.RegisterAsync(result.Built!.Manifest, result.Built.Onnx, ModelCard(result.Built.Manifest, result.Report), ct).ConfigureAwait(false);
            if (decision.Promote && promote)
            {
                await registry.PromoteAsync(version, ct).ConfigureAwait(false);
            }
            else if (decision.Promote)
            {
                decision = decision with { Reason = decision.Reason + " (not promoted: --promote was not given)" };
            }

            if (only is not null)
            {
                await tracker.ClearStaleAsync(only, ct).ConfigureAwait(false);
            }

            result.Scorer.Dispose();
            return (result.Report, decision with { Promote = decision.Promote && promote }, version);
        }
        finally
        {
            champion?.Dispose();
        }
    }
}
