using System.Globalization;
using System.Runtime.CompilerServices;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.AzureDevOps.Backfill;

/// <summary>
/// Reads a project's build history from the REST API for <see cref="RunImporter"/>: every page of completed builds
/// (continuation tokens, newest first), and for each build not stored yet its timeline (jobs, tasks as steps, the
/// highest attempt of a retried stage or job) and its test runs' totals. A stored build (any attempt) costs no request beyond
/// its list page, so an interrupted backfill resumes and a second one stores nothing twice. 429 and 5xx are retried by
/// the client's resilience handler (Retry-After honoured); a refusal throws <see cref="AzureDevOpsApiException"/>.
/// </summary>
public sealed class AzureDevOpsBackfill(IAzureDevOpsClient client, IRunStore store, string organization, AzureDevOpsBackfillOptions options)
{
    private const int MaxPages = 10_000;
    private readonly TestRunSummarizer tests = new(client, null);
    private readonly Dictionary<PipelineKey, HashSet<string>> storedRunIds = [];
    private long listed;
    private long pages;
    private long alreadyStored;

    /// <summary>Builds skipped because some attempt of them is stored already (by the job, a webhook or an earlier import).</summary>
    public long AlreadyStored => Interlocked.Read(ref alreadyStored);

    /// <summary>Builds listed so far.</summary>
    public long Listed => Interlocked.Read(ref listed);

    /// <summary>Pages of builds read so far.</summary>
    public long Pages => Interlocked.Read(ref pages);

    /// <summary>Called after each page of builds with a progress line.</summary>
    public Action<string>? Progress { get; init; }

    public async IAsyncEnumerable<ParsedRun> RunsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        var taken = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var (builds, next) = await client.GetBuildsPageAsync(options.Project, options.Definitions, options.Since, continuation, options.PageSize, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref pages);
            var source = $"builds page {page.ToString(CultureInfo.InvariantCulture)}";
            var position = 0;
            foreach (var build in builds)
            {
                position++;
                Interlocked.Increment(ref listed);
                if (build.Status != BuildStatus.Completed)
                {
                    continue;
                }

                if (options.MaxRuns is { } max && taken >= max)
                {
                    yield break;
                }

                taken++;
                var listedOnly = BuildRecords.From(build, organization, options.Project, null, null);
                if ((await StoredRunIdsAsync(listedOnly.Pipeline, cancellationToken).ConfigureAwait(false)).Contains(listedOnly.RunId))
                {
                    // Stored under whichever attempt its timeline had: never read or appended again.
                    Interlocked.Increment(ref alreadyStored);
                    continue;
                }

                var timeline = await client.GetBuildTimelineAsync(options.Project, build.Id, cancellationToken).ConfigureAwait(false);
                var testSummary = await tests.SummarizeAsync(options.Project, build.Uri ?? $"vstfs:///Build/Build/{build.Id.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
                yield return ParsedRun.Ok(source, position, BuildRecords.From(build, organization, options.Project, timeline, testSummary));
            }

            Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"Azure DevOps: {source} read: {Listed:N0} build(s) listed."));
            if (next is null || builds.Count == 0)
            {
                yield break;
            }

            continuation = next;
        }
    }

    /// <summary>The run ids stored for a pipeline, read once per backfill.</summary>
    private async Task<HashSet<string>> StoredRunIdsAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        if (!storedRunIds.TryGetValue(pipeline, out var ids))
        {
            ids = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var run in store.ReadAllRunsAsync(pipeline, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(run.RunId);
            }

            storedRunIds[pipeline] = ids;
        }

        return ids;
    }
}
