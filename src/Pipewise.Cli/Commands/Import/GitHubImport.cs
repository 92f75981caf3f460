using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Import;
using Pipewise.Core.Storage;
using Pipewise.GitHub.Backfill;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise import --from github</c>: a repository's workflow-run history from the REST API (ADR 0012).</summary>
internal static class GitHubImport
{
    public static async Task<int> RunAsync(ParseResult parse, ApiImportOptions o, IPipewiseStore store, int parallel, CancellationToken ct)
    {
        var env = CommonOptions.ProcessEnvironment();
        var repository = parse.GetValue(o.Repository);
        var slash = repository?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (repository is null || slash <= 0 || slash == repository.Length - 1 || repository.IndexOf('/', slash + 1) >= 0)
        {
            await Console.Error.WriteLineAsync($"pipewise import: --from github needs --repository OWNER/REPO (found '{repository ?? string.Empty}')").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var apiText = env.GetValueOrDefault("GITHUB_API_URL") is { Length: > 0 } a ? a : "https://api.github.com";
        if (!Uri.TryCreate(apiText, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            await Console.Error.WriteLineAsync($"pipewise import: GITHUB_API_URL is '{apiText}', expected an absolute http(s) URL").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        DateTimeOffset? since;
        try
        {
            since = SinceOption.Parse(parse.GetValue(o.Since), TimeProvider.System.GetUtcNow());
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync("pipewise import: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (parse.GetValue(o.MaxRuns) is { } m && m <= 0)
        {
            await Console.Error.WriteLineAsync($"pipewise import: --max-runs {m.ToString(CultureInfo.InvariantCulture)}: expected a positive number").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var token = env.GetValueOrDefault("GITHUB_TOKEN");
        var progress = ImportProgress.ForConsole();
        if (string.IsNullOrEmpty(token))
        {
            progress.Note("pipewise import: GITHUB_TOKEN is not set; reading anonymously (public repositories only, 60 requests an hour).");
        }

        var reader = GitHubRestReader.Create(api, token, TimeProvider.System, progress.Note);
        var backfill = new GitHubBackfill(reader, store, new GitHubBackfillOptions
        {
            Owner = repository[..slash],
            Repo = repository[(slash + 1)..],
            Workflows = parse.GetValue(o.Workflow) ?? [],
            Since = since,
            MaxRuns = parse.GetValue(o.MaxRuns),
        })
        {
            Progress = progress.Update,
        };
        var move = new LegacyPipelineMove();
        var importer = new RunImporter(store, parallel) { BatchSize = 25, ReportStoredConflicts = false, Progress = p => progress.Update(ImportProgress.Totals(p) + string.Create(CultureInfo.InvariantCulture, $", {reader.Requests:N0} requests")) };
        progress.Note($"Importing the workflow runs of {repository} from {api.GetLeftPart(UriPartial.Authority)} into {store.Description}");
        ImportSummary summary;
        try
        {
            summary = await importer.ImportAsync(move.Watch(backfill.RunsAsync(ct), ct), ct).ConfigureAwait(false);
        }
        catch (ImportFailedException ex) when (ex.InnerException is GitHubRequestException refused)
        {
            progress.End();
            await Console.Error.WriteLineAsync($"pipewise import: {refused.Message} {ex.Partial.Imported.ToString(CultureInfo.InvariantCulture)} new run(s) were stored before it stopped and stay stored; run the same command again to resume.").ConfigureAwait(false);
            return refused.StatusCode is 401 or 403 or 404 ? ExitCodes.ApiRefused : ExitCodes.InternalErrorFailClosed;
        }
        catch (ImportFailedException ex)
        {
            progress.End();
            await Console.Error.WriteLineAsync($"pipewise import: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InternalErrorFailClosed;
        }

        progress.End();
        foreach (var note in await move.MoveAsync(store, ct).ConfigureAwait(false))
        {
            progress.Note(note);
        }

        var seconds = Math.Max(summary.Elapsed.TotalSeconds, 0.001);
        progress.Note(string.Create(CultureInfo.InvariantCulture,
            $"GitHub: {backfill.Listed:N0} run(s) listed, {backfill.StillRunning:N0} still running (left for the step or webhook), {reader.Requests:N0} request(s), {reader.Waits:N0} rate-limit wait(s), {summary.Rows / seconds:0.#} run(s)/s."));
        var totals = new ImportTotals();
        totals.Add(summary);
        totals.Print();
        return totals.Malformed > 0 ? ExitCodes.PartialInput : ExitCodes.Ok;
    }
}
