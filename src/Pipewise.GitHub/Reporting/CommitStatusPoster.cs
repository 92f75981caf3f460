using Octokit;
using Pipewise.Core.Hosting;

namespace Pipewise.GitHub;

/// <summary>The <c>pipewise/risk</c> commit status of an outcome.</summary>
internal sealed class CommitStatusPoster(IGitHubClient client, GitHubContext context)
{
    public async Task PostStatusAsync(RunOutcome outcome)
    {
        var (state, description) = GitHubReporter.StatusFor(outcome);
        await client.Repository.Status.Create(context.Owner, context.Repo, outcome.Run.Commit!, new NewCommitStatus
        {
            State = state,
            Context = GitHubReporter.StatusContext,
            Description = description,
            TargetUrl = context.RunUrl.AbsoluteUri,
        }).ConfigureAwait(false);
    }
}
