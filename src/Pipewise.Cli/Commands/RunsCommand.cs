using System.CommandLine;
using System.Globalization;
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
                WriteTable(key, runs);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteTable(PipelineKey key, IReadOnlyList<RunRecord> runs)
    {
        Console.WriteLine($"{key} — last {runs.Count} run(s)");
        var rows = new List<string[]> { new[] { "run", "att", "started (UTC)", "duration", "result", "event", "branch", "tests (failed/total)" } };
        foreach (var r in runs)
        {
            rows.Add(
            [
                r.RunId,
                r.Attempt.ToString(CultureInfo.InvariantCulture),
                r.StartedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                r.EffectiveDurationSeconds is { } d ? FormatDuration(d) : "-",
                r.Result?.ToString().ToLowerInvariant() ?? "-",
                r.Event ?? "-",
                Clip(Sanitize(r.Branch ?? "-"), 30),
                r.Tests is { } t ? $"{t.Failed?.ToString(CultureInfo.InvariantCulture) ?? "?"}/{t.Total?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : "-",
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    internal static string FormatDuration(double seconds) =>
        seconds >= 3600 ? string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m")
        : seconds >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s");

    /// <summary>Removes control characters (an escape sequence in a branch name must not drive the terminal).</summary>
    internal static string Sanitize(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
