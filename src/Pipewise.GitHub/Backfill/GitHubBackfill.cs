using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.GitHub.Backfill;

/// <summary>
/// Reads a repository's workflow-run history from the REST API for <see cref="RunImporter"/>: every page of
/// list-workflow-runs (newest first), and for each completed run not stored yet its jobs with steps (all pages) and
/// its earlier attempts (re-runs), each attempt a run of its own. Runs already in the store cost no request beyond
/// their list page, so an interrupted backfill resumes where it stopped and a second one stores nothing twice.
/// After a complete read the first page's ETag is kept (<c>imports/github/…</c>); the next backfill sends it as
/// <c>If-None-Match</c> and a 304 (no run added or changed) ends it after one request. Runs still going are left
/// for the step or the webhook to collect.
/// </summary>
public sealed class GitHubBackfill(GitHubRestReader api, IPipewiseStore store, GitHubBackfillOptions options)
{
    private readonly GitHubRunReader reader = new(api);
    private long listed;
    private long stillRunning;

    /// <summary>Workflow runs listed so far (latest attempts).</summary>
    public long Listed => Interlocked.Read(ref listed);

    /// <summary>Runs not completed yet, left out.</summary>
    public long StillRunning => Interlocked.Read(ref stillRunning);

    /// <summary>True when a conditional request said nothing changed since the last complete backfill.</summary>
    public bool UpToDate { get; private set; }

    /// <summary>Called after each page of runs with a progress line.</summary>
    public Action<string>? Progress { get; init; }

    public async IAsyncEnumerable<ParsedRun> RunsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string?> scopes = options.Workflows.Count == 0 ? [null] : [.. options.Workflows];
        foreach (var scope in scopes)
        {
            await foreach (var run in ScopeAsync(scope, cancellationToken).ConfigureAwait(false))
            {
                yield return run;
            }
        }
    }

    private async IAsyncEnumerable<ParsedRun> ScopeAsync(string? workflow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var repoPath = $"repos/{Uri.EscapeDataString(options.Owner)}/{Uri.EscapeDataString(options.Repo)}/actions";
        var list = workflow is null ? repoPath + "/runs" : $"{repoPath}/workflows/{Uri.EscapeDataString(workflow)}/runs";
        var pageSize = Math.Clamp(options.PageSize, 1, 100);
        var query = "?per_page=" + pageSize.ToString(CultureInfo.InvariantCulture)
            + (options.Since is { } since ? "&created=" + Uri.EscapeDataString(">=" + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : string.Empty);
        var firstUrl = list + query + "&page=1";
        var marker = MarkerPath(workflow);
        var previous = options.MaxRuns is null ? await ReadMarkerAsync(marker, firstUrl, cancellationToken).ConfigureAwait(false) : null;
        string? firstETag = null;
        var taken = 0;
        var complete = true;
        string? next = firstUrl;
        for (var pageNumber = 1; next is not null; pageNumber++)
        {
            using var page = await api.GetAsync(next, pageNumber == 1 ? previous : null, cancellationToken).ConfigureAwait(false);
            if (page.NotModified)
            {
                UpToDate = true;
                Progress?.Invoke($"GitHub: {list}: nothing changed since the last complete import (HTTP 304); nothing to read.");
                yield break;
            }

            firstETag ??= page.ETag;
            var root = page.Body!.RootElement;
            if (!root.TryGetProperty("workflow_runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new GitHubRequestException($"GET {list} page {pageNumber}: expected an object with a workflow_runs array", 200);
            }

            var source = $"{list} page {pageNumber.ToString(CultureInfo.InvariantCulture)}";
            var position = 0;
            var onPage = 0;
            foreach (var item in runs.EnumerateArray())
            {
                position++;
                onPage++;
                var (run, error) = Parse(item, position);
                if (run is null)
                {
                    complete = false;
                    yield return ParsedRun.Bad(source, position, error!);
                    continue;
                }

                Interlocked.Increment(ref listed);
                if (run.Result is null)
                {
                    Interlocked.Increment(ref stillRunning);
                    complete = false;
                    continue;
                }

                if (options.MaxRuns is { } max && taken >= max)
                {
                    yield break;
                }

                taken++;
                await foreach (var attempt in AttemptsAsync(run, source, position, cancellationToken).ConfigureAwait(false))
                {
                    yield return attempt;
                }
            }

            Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"GitHub: {source} read: {Listed:N0} run(s) listed, {api.Requests:N0} request(s)."));
            next = page.Next?.AbsoluteUri ?? (onPage >= pageSize ? list + query + "&page=" + (pageNumber + 1).ToString(CultureInfo.InvariantCulture) : null);
        }

        if (complete && firstETag is not null && options.MaxRuns is null)
        {
            await WriteMarkerAsync(marker, firstUrl, firstETag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest attempt (with its jobs, unless it is stored already) and each earlier attempt not stored yet.</summary>
    private async IAsyncEnumerable<ParsedRun> AttemptsAsync(RunRecord latest, string source, int position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await store.ContainsRunAsync(latest.Key, cancellationToken).ConfigureAwait(false))
        {
            latest = await reader.WithJobsAsync(latest, cancellationToken).ConfigureAwait(false);
        }

        yield return ParsedRun.Ok(source, position, latest);
        var id = long.Parse(latest.RunId, CultureInfo.InvariantCulture);
        for (var n = 1; n < latest.Attempt; n++)
        {
            if (await store.ContainsRunAsync(latest.Key with { Attempt = n }, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var earlier = await reader.ReadAsync(latest.Organization, latest.Repository, id, n, cancellationToken).ConfigureAwait(false);
            yield return ParsedRun.Ok(source, position, earlier);
        }
    }

    private static (RunRecord? Run, string? Error) Parse(JsonElement item, int position)
    {
        try
        {
            return (GitHubRunJson.ToRun(item, $"$.workflow_runs[{position - 1}]"), null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
    }

    private string MarkerPath(string? workflow) =>
        $"imports/github/{KeyEscaping.Escape(options.Owner)}/{KeyEscaping.Escape(options.Repo)}/{KeyEscaping.Escape(workflow ?? "all-workflows")}.json";

    private async Task<string?> ReadMarkerAsync(string path, string url, CancellationToken cancellationToken)
    {
        var doc = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        if (doc is null)
        {
            return null;
        }

        try
        {
            var marker = JsonSerializer.Deserialize(doc.Content, ImportMarkerJsonContext.Default.ImportMarker);
            return marker is not null && marker.Url == url ? marker.ETag : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task WriteMarkerAsync(string path, string url, string etag, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new ImportMarker(url, etag), ImportMarkerJsonContext.Default.ImportMarker));
        var existing = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            await store.PutDocumentAsync(path, content, existing?.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentConflictException)
        {
            // Another import wrote it at the same time: its marker is as good as ours.
        }
    }

    internal sealed record ImportMarker(string Url, string ETag);
}

/// <summary>Source-generated: the Native AOT tool has no reflection-based serializer.</summary>
[JsonSerializable(typeof(GitHubBackfill.ImportMarker))]
internal sealed partial class ImportMarkerJsonContext : JsonSerializerContext;
