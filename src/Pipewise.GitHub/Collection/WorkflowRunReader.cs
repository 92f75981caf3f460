using Octokit;

namespace Pipewise.GitHub;

/// <summary>The current workflow run attempt and its parts as the Actions API gives them: the run, its jobs, artifacts and timing.</summary>
internal sealed class WorkflowRunReader(IGitHubClient client, GitHubContext context)
{
    private const int PageSize = 100;
    private const int MaxArtifactPages = 50;

    public async Task<WorkflowRun> RunAsync() => context.RunAttempt > 1
        ? await client.Actions.Workflows.Runs.GetAttempt(context.Owner, context.Repo, context.RunId, context.RunAttempt).ConfigureAwait(false)
        : await client.Actions.Workflows.Runs.Get(context.Owner, context.Repo, context.RunId).ConfigureAwait(false);

    public async Task<IReadOnlyList<WorkflowJob>> JobsAsync(WorkflowRun run)
    {
        var attempt = run.RunAttempt > 0 ? (int)run.RunAttempt : context.RunAttempt;
        var response = await client.Actions.Workflows.Jobs.List(context.Owner, context.Repo, context.RunId, attempt, new ApiOptions { PageSize = PageSize }).ConfigureAwait(false);
        return response.Jobs ?? [];
    }

    /// <summary>The total size of the run's artifacts, over all pages.</summary>
    public async Task<long?> ArtifactBytesAsync()
    {
        long total = 0;
        var seen = 0;
        for (var page = 1; page <= MaxArtifactPages; page++)
        {
            var response = await client.Actions.Artifacts.ListWorkflowArtifacts(context.Owner, context.Repo, context.RunId, new ListArtifactsRequest { PerPage = PageSize, Page = page }).ConfigureAwait(false);
            var artifacts = response.Artifacts ?? [];
            total += artifacts.Sum(a => (long)a.SizeInBytes);
            seen += artifacts.Count;
            if (artifacts.Count < PageSize || seen >= response.TotalCount)
            {
                break;
            }
        }

        return total;
    }

    public async Task<WorkflowRunUsage?> UsageAsync() =>
        await client.Actions.Workflows.Runs.GetUsage(context.Owner, context.Repo, context.RunId).ConfigureAwait(false);
}
