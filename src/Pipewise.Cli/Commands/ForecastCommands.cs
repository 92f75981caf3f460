using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Storage;
using Pipewise.Forecasting;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Registry;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise backtest</c>, <c>pipewise train</c> and <c>pipewise model list|promote|rollback</c>.</summary>
public static class ForecastCommands
{
    public static IEnumerable<Command> Create() => [Backtest(), Train(), Models()];

    private sealed class TrainingOptionSet
    {
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed for sampling pipelines, initialisation and shuffling. Default 42.", DefaultValueFactory = _ => 42 };
        public Option<int?> MaxPipelines { get; } = new("--max-pipelines") { Description = "Use N pipelines sampled with the seed (quick runs)." };
        public Option<int> Hidden { get; } = new("--hidden") { Description = "LSTM hidden size. Default 32.", DefaultValueFactory = _ => 32 };
        public Option<int> Layers { get; } = new("--layers") { Description = "Stacked Bi-LSTM layers. Default 1.", DefaultValueFactory = _ => 1 };
        public Option<int> History { get; } = new("--history") { Description = "Runs per window (T). Default 32.", DefaultValueFactory = _ => 32 };
        public Option<int> Epochs { get; } = new("--epochs") { Description = "Maximum epochs (early stopping on a chronological validation split). Default 20.", DefaultValueFactory = _ => 20 };
        public Option<double> LearningRate { get; } = new("--learning-rate") { Description = "Adam learning rate. Default 0.002.", DefaultValueFactory = _ => 0.002 };
        public Option<int> WindowsPerEpoch { get; } = new("--windows-per-epoch") { Description = "Training windows sampled per epoch. Default 60000.", DefaultValueFactory = _ => 60_000 };

        public void AddTo(Command command)
        {
            command.Options.Add(Seed);
            command.Options.Add(MaxPipelines);
            command.Options.Add(Hidden);
            command.Options.Add(Layers);
            command.Options.Add(History);
            command.Options.Add(Epochs);
            command.Options.Add(LearningRate);
            command.Options.Add(WindowsPerEpoch);
        }

        public string? Validate(ParseResult parse)
        {
            if (parse.GetValue(Hidden) is < 1 or > 512)
            {
                return "--hidden must be between 1 and 512";
            }

            if (parse.GetValue(Layers) is < 1 or > 4)
            {
                return "--layers must be between 1 and 4";
            }

            if (parse.GetValue(History) is < 2 or > 256)
            {
                return "--history must be between 2 and 256";
            }

            if (parse.GetValue(Epochs) < 1 || parse.GetValue(WindowsPerEpoch) < 1)
            {
                return "--epochs and --windows-per-epoch must be ≥ 1";
            }

            if (parse.GetValue(LearningRate) is not (> 0 and < 1))
            {
                return "--learning-rate must be in (0, 1)";
            }

            return parse.GetValue(MaxPipelines) is < 1 ? "--max-pipelines must be ≥ 1" : null;
        }

        public BacktestOptions Options(ParseResult parse, string command) => new()
        {
            Seed = parse.GetValue(Seed),
            MaxPipelines = parse.GetValue(MaxPipelines),
            Command = command,
            Training = new TrainingOptions
            {
                Seed = parse.GetValue(Seed),
                HiddenSize = parse.GetValue(Hidden),
                Layers = parse.GetValue(Layers),
                History = parse.GetValue(History),
                Epochs = parse.GetValue(Epochs),
                LearningRate = parse.GetValue(LearningRate),
                WindowsPerEpoch = parse.GetValue(WindowsPerEpoch),
            },
        };
    }

    private static Command Backtest()
    {
        var input = new Option<string?>("--input") { Description = "A travistorrent2021 build CSV (plain or .gz) or a folder of them." };
        var format = new Option<string>("--format") { Description = "Input format. Default travistorrent.", DefaultValueFactory = _ => "travistorrent" };
        var store = new Option<string?>("--store") { Description = "Backtest on the runs of a store instead of --input." };
        var model = new Option<string?>("--model") { Description = "Score this model folder (model.onnx + manifest.json) instead of training one." };
        var json = new Option<string?>("--json") { Description = "Write the EVALUATION.md §1 JSON report to this file." };
        var saveModel = new Option<string?>("--save-model") { Description = "Write the trained model (model.onnx, manifest.json, MODEL_CARD.md) to this folder." };
        var noFastTree = new Option<bool>("--no-fasttree") { Description = "Skip the ML.NET FastTree baselines." };
        var modelVersion = new Option<string?>("--model-version") { Description = "Version written into the trained model's manifest. Default s<seed>." };
        var set = new TrainingOptionSet();
        var command = new Command("backtest", "Chronological backtest (EVALUATION.md §1): trains the Bi-LSTM and FastTree on the first 80% of each pipeline's runs and scores the last 20% against the baselines.")
        {
            input, format, store, model, json, saveModel, noFastTree, modelVersion,
        };
        set.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (set.Validate(parse) is { } problem)
            {
                await Console.Error.WriteLineAsync($"pipewise backtest: {problem}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var inputPath = parse.GetValue(input);
            var storeSpec = parse.GetValue(store);
            if ((inputPath is null) == (storeSpec is null))
            {
                await Console.Error.WriteLineAsync("pipewise backtest: give exactly one of --input <file or folder> or --store <store>").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var options = set.Options(parse, "pipewise " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1))) with
            {
                FastTree = !parse.GetValue(noFastTree),
                Version = parse.GetValue(modelVersion),
                DataDescription = inputPath ?? $"store {storeSpec}",
            };
            OnnxScorer? scorer = null;
            try
            {
                if (parse.GetValue(model) is { } modelDir)
                {
                    scorer = OnnxScorer.LoadDirectory(modelDir);
                }

                var runs = inputPath is not null
                    ? Workflows.ReadInput(inputPath, parse.GetValue(format)!)
                    : await Workflows.ReadStoreAsync(CommonOptions.OpenStore(storeSpec!), null, Console.Error.WriteLine, ct).ConfigureAwait(false);
                var pipelines = await Task.Run(() => Backtester.Prepare(runs, options.MinRuns, options.MaxPipelines, options.Seed), ct).ConfigureAwait(false);
                var progress = new Progress<EpochReport>(e => Console.Error.WriteLine(Workflows.Describe(e)));
                var result = await Task.Run(() => Backtester.Run(pipelines, options, scorer, null, Console.Error.WriteLine, progress, ct), ct).ConfigureAwait(false);
                Console.WriteLine(result.Report.ToTable());
                if (parse.GetValue(json) is { } jsonPath)
                {
                    await File.WriteAllBytesAsync(jsonPath, result.Report.ToJson(), ct).ConfigureAwait(false);
                }

                if (parse.GetValue(saveModel) is { } outDir && result.Built is not null)
                {
                    Workflows.SaveModel(outDir, result.Built, result.Report);
                    Console.Error.WriteLine($"Model written to {outDir}.");
                }

                if (result.Built is not null)
                {
                    result.Scorer.Dispose();
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is InputFormatException or ModelRejectedException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"pipewise backtest: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            finally
            {
                scorer?.Dispose();
            }
        });
        return command;
    }

    private static Command Train()
    {
        var store = CommonOptions.Store();
        var promote = new Option<bool>("--promote") { Description = "Make the challenger current if it beats the champion and the baselines." };
        var staleOnly = new Option<bool>("--stale-only") { Description = "Train only on the pipelines flagged for retraining by drift monitoring." };
        var version = new Option<string?>("--version") { Description = "Version name for the new model. Default: the UTC time yyyyMMdd-HHmmss." };
        var set = new TrainingOptionSet();
        var command = new Command("train", "Train a challenger Bi-LSTM on the store's history, evaluate it chronologically against the current model and the baselines, and register it.")
        {
            store, promote, staleOnly, version,
        };
        set.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (set.Validate(parse) is { } problem)
            {
                await Console.Error.WriteLineAsync($"pipewise train: {problem}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var options = set.Options(parse, "pipewise " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1))) with { Version = parse.GetValue(version) };
            try
            {
                var target = CommonOptions.OpenStore(parse.GetValue(store)!);
                var progress = new Progress<EpochReport>(e => Console.Error.WriteLine(Workflows.Describe(e)));
                var (report, decision, v) = await Workflows.TrainFromStoreAsync(target, parse.GetValue(staleOnly), parse.GetValue(promote), options, Console.Error.WriteLine, progress, TimeProvider.System, ct).ConfigureAwait(false);
                Console.WriteLine(report.ToTable());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Registered {ModelManifest.DefaultName}@{v}; {(decision.Promote ? "promoted" : "not promoted")}: {decision.Reason}"));
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or ModelRejectedException or StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"pipewise train: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }

    private static Command Models()
    {
        var command = new Command("model", "The model registry in the store: list versions, promote one, roll back.");
        var store = CommonOptions.Store();
        var list = new Command("list", "List model versions with their metrics; * marks the current one.") { store };
        list.SetAction(async (parse, ct) =>
        {
            var registry = new ModelRegistry(CommonOptions.OpenStore(parse.GetValue(store)!));
            var versions = await registry.ListAsync(ct).ConfigureAwait(false);
            if (versions.Count == 0)
            {
                Console.WriteLine("No models are registered.");
            }

            foreach (var v in versions)
            {
                var m = v.Manifest?.Metrics;
                var metrics = m is null ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                    $"  WAPE {m.GetValueOrDefault("duration_wape.bilstm", double.NaN):0.0000}  AUC {m.GetValueOrDefault("failure_auc.bilstm", double.NaN):0.0000}");
                Console.WriteLine($"{(v.IsCurrent ? "*" : " ")} {v.Version}{metrics}{(v.Problem is null ? string.Empty : "  REFUSED: " + v.Problem)}");
            }

            return ExitCodes.Ok;
        });
        var versionArg = new Argument<string>("version") { Description = "The version to make current." };
        var storeP = CommonOptions.Store();
        var promote = new Command("promote", "Make a registered version current (after verifying it).") { storeP, versionArg };
        promote.SetAction(async (parse, ct) =>
        {
            try
            {
                await new ModelRegistry(CommonOptions.OpenStore(parse.GetValue(storeP)!)).PromoteAsync(parse.GetValue(versionArg)!, ct).ConfigureAwait(false);
                Console.WriteLine($"Current model: {ModelManifest.DefaultName}@{parse.GetValue(versionArg)}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ModelRejectedException or DocumentConflictException)
            {
                await Console.Error.WriteLineAsync($"pipewise model promote: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        var storeR = CommonOptions.Store();
        var rollback = new Command("rollback", "Make the newest good version older than the current one current.") { storeR };
        rollback.SetAction(async (parse, ct) =>
        {
            try
            {
                var v = await new ModelRegistry(CommonOptions.OpenStore(parse.GetValue(storeR)!)).RollbackAsync(ct).ConfigureAwait(false);
                Console.WriteLine($"Current model: {ModelManifest.DefaultName}@{v}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is InvalidOperationException or DocumentConflictException)
            {
                await Console.Error.WriteLineAsync($"pipewise model rollback: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(promote);
        command.Subcommands.Add(rollback);
        return command;
    }
}
