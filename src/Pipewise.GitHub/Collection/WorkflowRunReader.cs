using Octokit;

namespace Pipewise.GitHub;

/// <summary>The current workflow run attempt and its parts as the Actions API gives them: the run, and its jobs.</summary>
internal sealed class WorkflowRunReader(IGitHubClient client, GitHubContext context)
{
    private const int PageSize = 100;

    public async Task<WorkflowRun> RunAsync() => context.RunAttempt > 1
        ? await client.Actions.Workflows.Runs.GetAttempt(context.Owner, context.Repo, context.RunId, context.RunAttempt).ConfigureAwait(false)
        : await client.Actions.Workflows.Runs.Get(context.Owner, context.Repo, context.RunId).ConfigureAwait(false);

    public async Task<IReadOnlyList<WorkflowJob>> JobsAsync(WorkflowRun run)
    {
        var attempt = run.RunAttempt > 0 ? (int)run.RunAttempt : context.RunAttempt;
        var response = await client.Actions.Workflows.Jobs.List(context.Owner, context.Repo, context.RunId, attempt, new ApiOptions { PageSize = PageSize }).ConfigureAwait(false);
        return response.Jobs ?? [];
    }
}
