using System.CommandLine;
using System.Globalization;
using System.Net;
using Pipewise.AzureDevOps.Backfill;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Import;
using Pipewise.Core.Storage;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise import --from azure-devops</c>: a project's build history from the REST API (ADR 0012).</summary>
internal static class AzureDevOpsImport
{
    public static async Task<int> RunAsync(ParseResult parse, ApiImportOptions o, IPipewiseStore store, int parallel, CancellationToken ct)
    {
        var env = CommonOptions.ProcessEnvironment();
        var orgText = parse.GetValue(o.Organization);
        if (orgText is null || !Uri.TryCreate(orgText, UriKind.Absolute, out var collection) || (collection.Scheme != Uri.UriSchemeHttps && collection.Scheme != Uri.UriSchemeHttp))
        {
            await Console.Error.WriteLineAsync($"pipewise import: --from azure-devops needs --organization URL, e.g. https://dev.azure.com/fabrikam (found '{orgText ?? string.Empty}')").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (parse.GetValue(o.Project) is not { Length: > 0 } project)
        {
            await Console.Error.WriteLineAsync("pipewise import: --from azure-devops needs --project NAME").ConfigureAwait(false);
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

        var jobToken = env.GetValueOrDefault("SYSTEM_ACCESSTOKEN");
        var pat = env.GetValueOrDefault("AZURE_DEVOPS_EXT_PAT");
        if (string.IsNullOrWhiteSpace(jobToken) && string.IsNullOrWhiteSpace(pat))
        {
            await Console.Error.WriteLineAsync("pipewise import: set SYSTEM_ACCESSTOKEN (a job token) or AZURE_DEVOPS_EXT_PAT (a personal access token with Build: read and Test: read)").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var credential = !string.IsNullOrWhiteSpace(jobToken) ? AzureDevOpsCredential.Detect(jobToken, "bearer") : AzureDevOpsCredential.Detect(pat!, "pat");
        var progress = ImportProgress.ForConsole();
        using var factory = new AzureDevOpsClientFactory(new AzureDevOpsClientOptions { MaxRetries = 8, MaxRetryAfter = TimeSpan.FromMinutes(5) });
        var connection = new AzureDevOpsConnection(collection, credential);
        var organization = AzureDevOpsConnection.OrganizationOf(connection.CollectionUri);
        var backfill = new AzureDevOpsBackfill(factory.Create(connection), store, organization, new AzureDevOpsBackfillOptions
        {
            Project = project,
            Definitions = parse.GetValue(o.Definition) ?? [],
            Since = since,
            MaxRuns = parse.GetValue(o.MaxRuns),
        })
        {
            Progress = progress.Update,
        };
        var importer = new RunImporter(store, parallel) { BatchSize = 25, ReportStoredConflicts = false, Progress = p => progress.Update(ImportProgress.Totals(p)) };
        progress.Note($"Importing the builds of {organization}/{project} from {connection.CollectionUri.GetLeftPart(UriPartial.Authority)} into {store.Description}");
        ImportSummary summary;
        try
        {
            summary = await importer.ImportAsync(backfill.RunsAsync(ct), ct).ConfigureAwait(false);
        }
        catch (ImportFailedException ex) when (ex.InnerException is AzureDevOpsApiException refused)
        {
            progress.End();
            await Console.Error.WriteLineAsync($"pipewise import: {refused.Message} {ex.Partial.Imported.ToString(CultureInfo.InvariantCulture)} new run(s) were stored before it stopped and stay stored; run the same command again to resume.").ConfigureAwait(false);
            return refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound ? ExitCodes.ApiRefused : ExitCodes.InternalErrorFailClosed;
        }
        catch (ImportFailedException ex)
        {
            progress.End();
            await Console.Error.WriteLineAsync($"pipewise import: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InternalErrorFailClosed;
        }

        progress.End();
        var seconds = Math.Max(summary.Elapsed.TotalSeconds, 0.001);
        progress.Note(string.Create(CultureInfo.InvariantCulture, $"Azure DevOps: {backfill.Listed:N0} build(s) listed in {backfill.Pages:N0} page(s), {backfill.AlreadyStored:N0} already stored, {summary.Rows / seconds:0.#} run(s)/s."));
        var totals = new ImportTotals();
        totals.Add(summary);
        totals.Print();
        return totals.Malformed > 0 ? ExitCodes.PartialInput : ExitCodes.Ok;
    }
}
