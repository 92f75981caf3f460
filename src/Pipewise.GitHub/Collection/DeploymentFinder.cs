using Octokit;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>
/// The deployments this run made: the deployments of its commit created during the run (one list request), and the
/// result and time of the newest one's latest status (one more request, only when there is one). ADR 0012: no
/// longer one status request per deployment.
/// </summary>
internal sealed class DeploymentFinder(IGitHubClient client, GitHubContext context)
{
    private const int PageSize = 100;

    /// <summary>The newest deployment of the run (null when none); all of them are listed in the <c>deployments</c> property.</summary>
    public async Task<DeploymentRecord?> FindAsync(WorkflowRun run, string? sha, IDictionary<string, string> properties)
    {
        if (string.IsNullOrEmpty(sha))
        {
            return null;
        }

        var api = new ApiConnection(client.Connection);
        var uri = new Uri($"repos/{Uri.EscapeDataString(context.Owner)}/{Uri.EscapeDataString(context.Repo)}/deployments", UriKind.Relative);
        var deployments = await api.GetAll<Deployment>(
            uri,
            new Dictionary<string, string> { ["sha"] = sha },
            new ApiOptions { PageSize = PageSize, PageCount = 1 }).ConfigureAwait(false);
        var since = run.CreatedAt == default ? DateTimeOffset.MinValue : run.CreatedAt.AddMinutes(-1);
        var ofThisRun = deployments.Where(d => d.CreatedAt >= since).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToList();
        if (ofThisRun.Count == 0)
        {
            return null;
        }

        var newest = ofThisRun[0];
        var statuses = await client.Repository.Deployment.Status.GetAll(context.Owner, context.Repo, newest.Id, new ApiOptions { PageSize = PageSize, PageCount = 1 }).ConfigureAwait(false);
        var record = ToRecord(newest, statuses);
        properties["deployments"] = string.Join(",", ofThisRun.Select(d => d.Environment ?? "unknown").Distinct(StringComparer.Ordinal));
        return record;
    }

    private static DeploymentRecord ToRecord(Deployment d, IReadOnlyList<DeploymentStatus> statuses)
    {
        var latest = statuses.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).FirstOrDefault();
        var state = latest?.State.StringValue;
        RunResult? result = state switch
        {
            "success" => RunResult.Succeeded,
            "failure" or "error" => RunResult.Failed,
            "inactive" => RunResult.Succeeded,
            _ => null,
        };
        DateTimeOffset? finishedAt = result is null ? null : latest!.CreatedAt;
        return new DeploymentRecord
        {
            Environment = d.Environment ?? "unknown",
            Result = result,
            StartedAt = d.CreatedAt,
            FinishedAt = finishedAt,
            DurationSeconds = finishedAt is { } fa && fa >= d.CreatedAt ? (fa - d.CreatedAt).TotalSeconds : null,
        };
    }
}
