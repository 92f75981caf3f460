using System.CommandLine;
using Pipewise.Agent.Replay;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise replay</c>: the counterfactual evaluation of the suggestions on stored history (EVALUATION.md §2).</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var pipeline = new Option<string?>("--pipeline")
        {
            Description = "Replay one pipeline: its full key (provider/org/repo/pipeline), org/repo, org/repo/pipeline, or a unique repo or pipeline id. Default: every stored pipeline.",
        };
        var json = new Option<string?>("--json") { Description = "Write the EVALUATION.md §2 JSON report to this file." };
        var command = new Command(
            "replay",
            "Replay the stored history: at every run, ask the suggestion code of `pipewise run` with the history before the run only, and compute the " +
            "build minutes the suggestions would have saved from their first suggestion on, where the history shows their effect (EVALUATION.md §2).")
        {
            store, pipeline, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = CommonOptions.OpenStore(parse.GetValue(store)!);
            Pipewise.Core.Runs.PipelineKey? only = null;
            if (parse.GetValue(pipeline) is { } name)
            {
                var (resolved, error) = await PipelineResolver.ResolveAsync(target, name, ct).ConfigureAwait(false);
                if (resolved is null)
                {
                    await Console.Error.WriteLineAsync($"pipewise replay: {error}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                only = resolved;
            }

            var report = await ReplayRunner.RunAsync(target, only, Console.Error.WriteLine, ct).ConfigureAwait(false);
            if (report.Pipelines == 0)
            {
                await Console.Error.WriteLineAsync($"pipewise replay: the store {target.Description} holds no runs; import some first (pipewise import)").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            Console.WriteLine(ReplayJson.Table(report));
            if (parse.GetValue(json) is { } path)
            {
                try
                {
                    await File.WriteAllBytesAsync(path, ReplayJson.Write(report), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"pipewise replay: cannot write --json '{path}': {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
