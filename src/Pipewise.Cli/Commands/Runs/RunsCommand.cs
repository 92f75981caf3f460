using System.CommandLine;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise runs</c>: the last N runs of a pipeline as a table or JSON.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var pipeline = new Option<string?>("--pipeline")
        {
            Description = "The pipeline: its full key (provider/org/repo/pipeline), org/repo, org/repo/pipeline, or a unique repo or pipeline id.",
        };
        var last = new Option<int>("--last")
        {
            Description = "How many of the most recent runs to show. Default 20.",
            DefaultValueFactory = _ => 20,
        };
        var json = new Option<bool>("--json") { Description = "Write a JSON array of RunRecords (schema v1) instead of a table." };
        var list = new Option<bool>("--list") { Description = "List the stored pipelines instead." };
        var command = new Command("runs", "Show the last N runs of a pipeline, oldest first, as a table or as JSON.") { store, pipeline, last, json, list };
        command.SetAction(async (parse, ct) =>
        {
            var target = CommonOptions.OpenStore(parse.GetValue(store)!);
            if (parse.GetValue(list))
            {
                foreach (var stored in (await target.ListPipelinesAsync(ct).ConfigureAwait(false)).OrderBy(k => k.ToString(), StringComparer.Ordinal))
                {
                    Console.WriteLine(stored);
                }

                return ExitCodes.Ok;
            }

            var name = parse.GetValue(pipeline);
            if (string.IsNullOrWhiteSpace(name))
            {
                await Console.Error.WriteLineAsync("pipewise runs: give --pipeline (or --list to see the stored pipelines)").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var count = parse.GetValue(last);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync($"pipewise runs: --last must be ≥ 1, found {count}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var (resolved, error) = await PipelineResolver.ResolveAsync(target, name, ct).ConfigureAwait(false);
            if (resolved is not { } key)
            {
                await Console.Error.WriteLineAsync($"pipewise runs: {error}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var report = new StoreReadReport();
            var runs = await target.GetLastRunsAsync(key, count, report, ct).ConfigureAwait(false);
            foreach (var problem in report.Problems)
            {
                await Console.Error.WriteLineAsync($"warning: {problem}").ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(RunRecordJson.SerializeList(runs, indented: true));
            }
            else
            {
                RunsTable.Write(key, runs);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
