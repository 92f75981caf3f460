using System.Globalization;
using System.Text.Json;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub.Backfill;

/// <summary>
/// One workflow run attempt through the REST API as a <see cref="RunRecord"/> with every job and its steps (all
/// pages of list-jobs: 250 jobs give 250 jobs). Shared by the backfill and the webhook collection; the mapping is
/// <see cref="GitHubRunJson"/>, the one the file import uses, so the pipeline key is the workflow id everywhere.
/// </summary>
public sealed class GitHubRunReader(GitHubRestReader api)
{
    /// <summary>Jobs per page (GitHub's maximum is 100).</summary>
    public const int PageSize = 100;

    /// <summary>Stops after this many pages of jobs (GitHub caps a run's jobs well below 100 pages).</summary>
    private const int MaxJobPages = 100;

    /// <summary>Reads the run attempt (<c>GET …/runs/{id}</c> or <c>…/attempts/{n}</c>) and its jobs.</summary>
    public async Task<RunRecord> ReadAsync(string owner, string repo, long runId, int? attempt, CancellationToken cancellationToken = default)
    {
        var url = RunUrl(owner, repo, runId) + (attempt is { } n ? "/attempts/" + n.ToString(CultureInfo.InvariantCulture) : string.Empty);
        using var page = await api.GetAsync(url, cancellationToken: cancellationToken).ConfigureAwait(false);
        var run = GitHubRunJson.ToRun(page.Body!.RootElement, "$");
        return await WithJobsAsync(run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run with the jobs of its attempt (all pages), unless the run is not completed yet.</summary>
    public async Task<RunRecord> WithJobsAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var jobs = await JobsAsync(run.Organization, run.Repository, long.Parse(run.RunId, CultureInfo.InvariantCulture), run.Attempt, cancellationToken).ConfigureAwait(false);
        return run with { Jobs = jobs };
    }

    /// <summary>Every job of the attempt with its steps.</summary>
    public async Task<IReadOnlyList<JobRecord>> JobsAsync(string owner, string repo, long runId, int attempt, CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobRecord>();
        var baseUrl = RunUrl(owner, repo, runId) + "/attempts/" + attempt.ToString(CultureInfo.InvariantCulture) + "/jobs";
        string? next = baseUrl + "?per_page=" + PageSize.ToString(CultureInfo.InvariantCulture) + "&page=1";
        for (var pageNumber = 1; next is not null && pageNumber <= MaxJobPages; pageNumber++)
        {
            using var page = await api.GetAsync(next, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = page.Body!.RootElement;
            var total = root.TryGetProperty("total_count", out var t) && t.TryGetInt32(out var tc) ? tc : (int?)null;
            var items = root.TryGetProperty("jobs", out var j) && j.ValueKind == JsonValueKind.Array ? j : throw new FormatException($"GET {baseUrl}: expected an object with a jobs array");
            var i = 0;
            foreach (var job in items.EnumerateArray())
            {
                jobs.Add(GitHubRunJson.ToJob(job, $"$.jobs[{i++}]"));
            }

            next = page.Next?.AbsoluteUri
                ?? (i >= PageSize && (total is null || jobs.Count < total)
                    ? baseUrl + "?per_page=" + PageSize.ToString(CultureInfo.InvariantCulture) + "&page=" + (pageNumber + 1).ToString(CultureInfo.InvariantCulture)
                    : null);
        }

        return jobs;
    }

    internal static string RunUrl(string owner, string repo, long runId) =>
        $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/actions/runs/{runId.ToString(CultureInfo.InvariantCulture)}";
}
