using System.CommandLine;
using Pipewise.Core.Import;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise import</c>: real CI history into the store.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var format = new Option<string>("--format")
        {
            Description = "Input format: travistorrent (the travistorrent2021 builds CSV, plain or .gz), github-runs (pages of GitHub's list-workflow-runs JSON; a file or a folder), csv (any CSV export, with --map). Give --format and --input, or --from.",
        };
        format.AcceptOnlyFromAmong("travistorrent", "github-runs", "csv");
        var input = new Option<string[]>("--input")
        {
            Description = "Input file(s) or folder(s). Repeat the option for several.",
            AllowMultipleArgumentsPerToken = true,
        };
        var map = new Option<string?>("--map")
        {
            Description = "For --format csv: field=column pairs, comma-separated. Required fields: pipeline, run_id, started_at, result, and duration (seconds) or finished_at. " +
                "Optional: branch, event, commit, attempt, queued_at, tests_total, tests_passed, tests_failed, tests_skipped, pull_request, organization, repository.",
        };
        var timeFormat = new Option<string>("--time-format")
        {
            Description = "For --format csv: how time columns are read. auto (default): ISO-8601, or a Unix time in seconds (a fraction allowed, e.g. 1670740014.0) " +
                "or milliseconds, told apart by magnitude (from 1e11 up is milliseconds); iso; unix (seconds); unix-ms; or a custom .NET format such as 'yyyy-MM-dd HH:mm:ss' (UTC).",
            DefaultValueFactory = _ => "auto",
        };
        var provider = new Option<string>("--provider")
        {
            Description = "For --format csv: the provider name stored with the runs (e.g. jenkins, gitlab). Default csv.",
            DefaultValueFactory = _ => "csv",
        };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Pipelines stored in parallel. Default 4.",
            DefaultValueFactory = _ => 4,
        };

        var command = new Command("import", "Import real CI history into the store, from files (--format, --input) or from the GitHub / Azure DevOps API (--from). Importing the same input twice stores nothing twice; an interrupted import resumes when run again. Malformed rows are reported with their line numbers (exit code 4); exit code 5 when the provider API refuses the token or access.")
        {
            store, format, input, map, timeFormat, provider, parallel,
        };
        var api = new ApiImportOptions();
        api.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(api.From) is { } from)
            {
                if (parse.GetValue(format) is not null || parse.GetValue(input) is { Length: > 0 })
                {
                    await Console.Error.WriteLineAsync("pipewise import: give either --from or --format with --input, not both").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                var apiStore = CommonOptions.OpenStore(parse.GetValue(store)!);
                await OutboxDrain.TryAsync(apiStore, ImportProgress.ForConsole(), ct).ConfigureAwait(false);
                var apiParallel = Math.Clamp(parse.GetValue(parallel), 1, 32);
                return from == "github"
                    ? await GitHubImport.RunAsync(parse, api, apiStore, apiParallel, ct).ConfigureAwait(false)
                    : await AzureDevOpsImport.RunAsync(parse, api, apiStore, apiParallel, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(format) is not { } fmt || parse.GetValue(input) is not { Length: > 0 })
            {
                await Console.Error.WriteLineAsync("pipewise import: give --format and --input (files), or --from github|azure-devops (see pipewise import --help)").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            IReadOnlyDictionary<string, string>? fieldMap = null;
            TimeFormat? times = null;
            if (fmt == "csv")
            {
                var mapText = parse.GetValue(map);
                if (string.IsNullOrWhiteSpace(mapText))
                {
                    await Console.Error.WriteLineAsync("pipewise import: --format csv needs --map field=column,... (see pipewise import --help)").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                try
                {
                    fieldMap = MappedCsvParser.ParseMap(mapText);
                    times = TimeFormat.Parse(parse.GetValue(timeFormat));
                }
                catch (FormatException ex)
                {
                    await Console.Error.WriteLineAsync($"pipewise import: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }

            var (files, missing) = ImportInputs.Files(parse.GetValue(input) ?? [], fmt);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"pipewise import: input '{missing}' does not exist").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var target = CommonOptions.OpenStore(parse.GetValue(store)!);
            var progress = ImportProgress.ForConsole();
            await OutboxDrain.TryAsync(target, progress, ct).ConfigureAwait(false);
            var move = new LegacyPipelineMove();
            var importer = new RunImporter(target, Math.Clamp(parse.GetValue(parallel), 1, 32))
            {
                Progress = p => progress.Update(ImportProgress.Totals(p)),
            };

            var totals = new ImportTotals();
            foreach (var file in files)
            {
                progress.Note($"Importing {file} ({fmt}) into {target.Description}");
                ImportSummary summary;
                try
                {
                    var parsed = fmt switch
                    {
                        "travistorrent" => TravisTorrentParser.ParseAsync(file, ct),
                        "github-runs" => move.Watch(GitHubRunsParser.Parse(file).ToAsyncEnumerable(), ct),
                        _ => MappedCsvParser.ParseAsync(file, fieldMap!, parse.GetValue(provider)!, times, ct),
                    };
                    summary = await importer.ImportAsync(parsed, ct).ConfigureAwait(false);
                }
                catch (FormatException ex)
                {
                    // The header or the file itself is bad: name the file (the runs stored so far stay stored).
                    var name = Path.GetFileName(file);
                    var message = ex.Message.Contains(name, StringComparison.Ordinal) ? ex.Message : $"{name}: {ex.Message}";
                    progress.End();
                    await Console.Error.WriteLineAsync($"pipewise import: {message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
                catch (ImportFailedException ex)
                {
                    progress.End();
                    await Console.Error.WriteLineAsync($"pipewise import: {file}: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.InternalErrorFailClosed;
                }

                progress.End();
                totals.Add(summary);
            }

            foreach (var note in await move.MoveAsync(target, ct).ConfigureAwait(false))
            {
                progress.Note(note);
            }

            totals.Print();
            return totals.Malformed > 0 ? ExitCodes.PartialInput : ExitCodes.Ok;
        });
        return command;
    }
}
