using System.Globalization;
using Octokit;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>
/// The deployments this run made: the newest deployments of its commit that were created during the run or whose
/// statuses link to it, each with the result and time of its latest status.
/// </summary>
internal sealed class DeploymentFinder(IGitHubClient client, GitHubContext context)
{
    private const int PageSize = 100;
    private const int MaxDeploymentsChecked = 10;

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
        var runMarker = $"/actions/runs/{context.RunId.ToString(CultureInfo.InvariantCulture)}";
        var since = run.CreatedAt == default ? DateTimeOffset.MinValue : run.CreatedAt.AddMinutes(-1);
        var found = new List<DeploymentRecord>();
        foreach (var d in deployments.OrderByDescending(d => d.CreatedAt).Take(MaxDeploymentsChecked))
        {
            var statuses = await client.Repository.Deployment.Status.GetAll(context.Owner, context.Repo, d.Id, new ApiOptions { PageSize = PageSize, PageCount = 1 }).ConfigureAwait(false);
            var ofThisRun = d.CreatedAt >= since
                || statuses.Any(s => (s.LogUrl ?? string.Empty).Contains(runMarker, StringComparison.Ordinal) || (s.TargetUrl ?? string.Empty).Contains(runMarker, StringComparison.Ordinal));
            if (ofThisRun)
            {
                found.Add(ToRecord(d, statuses));
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        properties["deployments"] = string.Join(",", found.Select(f => f.Environment + "=" + (f.Result?.ToString().ToLowerInvariant() ?? "pending")));
        return found[0];
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
