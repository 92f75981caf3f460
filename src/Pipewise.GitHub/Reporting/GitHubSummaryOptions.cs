using Pipewise.Core.Reporting;

namespace Pipewise.GitHub;

/// <summary>How a summary is rendered on GitHub: GitHub snippets, a link to the run, the PR title and commit message.</summary>
internal static class GitHubSummaryOptions
{
    public static SummaryOptions For(GitHubContext context, GitHubEventPayload payload, int maxBytes) => new()
    {
        Snippets = SnippetFlavor.GitHub,
        MaxBytes = maxBytes,
        RunUrl = context.RunUrl,
        PullRequestTitle = payload.PullRequestTitle,
        CommitMessage = payload.HeadCommitMessage,
    };
}
