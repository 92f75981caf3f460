using Octokit;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;

namespace Pipewise.GitHub;

/// <summary>The <c>pipewise/risk</c> commit status of an outcome, and its check run (GitHub App tokens only).</summary>
internal sealed class CommitStatusPoster(IGitHubClient client, GitHubContext context, TimeProvider clock)
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

    public async Task PostCheckRunAsync(RunOutcome outcome, GitHubEventPayload payload)
    {
        var v = outcome.Verdict;
        var conclusion = v.Blocks ? CheckConclusion.Failure : v.Verdict == Verdict.Pass ? CheckConclusion.Success : CheckConclusion.Neutral;
        var options = GitHubSummaryOptions.For(context, payload, GitHubReporter.CommentBudgetBytes) with { IncludeDetails = false, HeadingLevel = 3 };
        var summary = SummaryRenderer.Render(outcome, options);
        var (_, description) = GitHubReporter.StatusFor(outcome);
        await client.Check.Run.Create(context.Owner, context.Repo, new NewCheckRun(GitHubReporter.StatusContext, outcome.Run.Commit!)
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = clock.GetUtcNow(),
            DetailsUrl = context.RunUrl.AbsoluteUri,
            ExternalId = outcome.Run.Key.ToString(),
            Output = new NewCheckRunOutput(description, summary),
        }).ConfigureAwait(false);
    }
}
