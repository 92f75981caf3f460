using System.CommandLine;
using Pipewise.Forecasting;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise backtest</c>: the chronological backtest of the Bi-LSTM and FastTree against the baselines.</summary>
internal static class BacktestCommand
{
    public static Command Create()
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
}
