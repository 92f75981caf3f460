using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Registry;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise model list|promote|rollback</c>: the model registry in the store.</summary>
internal static class ModelCommands
{
    public static Command Create()
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
