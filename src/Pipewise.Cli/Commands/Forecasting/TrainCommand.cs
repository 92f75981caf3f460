using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Storage;
using Pipewise.Forecasting;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise train</c>: a challenger trained on the store's history, evaluated and registered.</summary>
internal static class TrainCommand
{
    public static Command Create()
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
}
