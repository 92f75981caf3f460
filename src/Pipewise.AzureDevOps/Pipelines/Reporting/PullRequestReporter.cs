using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// The pull request part of a report on Azure Repos: a status (genre <c>pipewise</c>, name <c>risk</c>) on the PR's
/// latest iteration and one comment, found again by its marker and updated in place. Each part fails open.
/// </summary>
internal sealed class PullRequestReporter(
    IAzureDevOpsClient? client,
    AzurePipelinesEnvironment env,
    AzurePipelinesReporterOptions options,
    LoggingCommands log,
    FailOpen failOpen,
    Func<RunOutcome, string?, string> renderSummary)
{
    public async Task ReportAsync(RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        if (client is null || env.Project is null || env.RepositoryId is null)
        {
            return;
        }

        if (env.RepositoryProvider is { } provider && !string.Equals(provider, "TfsGit", StringComparison.OrdinalIgnoreCase))
        {
            log.Line($"Pipewise: the repository is on {provider}, not Azure Repos; no Azure DevOps PR status or comment is posted.");
            return;
        }

        if (options.PostStatus)
        {
            await failOpen.TryAsync("post the pull request status", () => PostStatusAsync(client, outcome, pullRequestId, cancellationToken)).ConfigureAwait(false);
        }

        if (options.PostComment)
        {
            await failOpen.TryAsync("post the pull request comment", () => UpsertCommentAsync(client, outcome, pullRequestId, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task PostStatusAsync(IAzureDevOpsClient api, RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        int? iteration = null;
        try
        {
            var iterations = await api.GetPullRequestIterationsAsync(env.Project!, env.RepositoryId!, pullRequestId, cancellationToken).ConfigureAwait(false);
            iteration = iterations.Count > 0 ? iterations.Max(i => i.Id) : null;
        }
        catch (AzureDevOpsApiException ex)
        {
            log.Line($"Pipewise: could not read the PR's iterations, so the status is posted on the pull request itself: {ex.Message}");
        }

        var verdict = outcome.Verdict;
        var state = verdict.Blocks ? GitStatusState.Failed : GitStatusState.Succeeded;
        var risk = outcome.Forecast is { } f ? $"risk {f.FailureProbability.ToString("0.00", CultureInfo.InvariantCulture)}" : "no forecast yet";
        var description = $"Pipewise {verdict.Verdict.ToString().ToLowerInvariant()} ({verdict.Mode.ToString().ToLowerInvariant()}): {risk}";
        await api.CreatePullRequestStatusAsync(
            env.Project!,
            env.RepositoryId!,
            pullRequestId,
            new GitPullRequestStatus
            {
                State = state,
                Description = description,
                Context = new GitStatusContext { Genre = AzurePipelinesReporter.StatusGenre, Name = AzurePipelinesReporter.StatusName },
                TargetUrl = AzurePipelinesLinks.RunUrl(env)?.AbsoluteUri,
                IterationId = iteration,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertCommentAsync(IAzureDevOpsClient api, RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        var marker = AzurePipelinesReporter.CommentMarker;
        var content = renderSummary(outcome, marker);
        var self = (await api.GetConnectionDataAsync(cancellationToken).ConfigureAwait(false)).AuthenticatedUser?.Id;
        var threads = await api.GetThreadsAsync(env.Project!, env.RepositoryId!, pullRequestId, cancellationToken).ConfigureAwait(false);
        foreach (var thread in threads.Where(t => t.IsDeleted != true).OrderBy(t => t.Id))
        {
            // Ours only: the thread's first comment, written by this token's identity, opening with the marker.
            // Someone else's thread (or reply) carrying the marker is never edited.
            var comment = thread.Comments.MinBy(c => c.Id);
            if (comment is { IsDeleted: not true } && IsMine(comment, self, marker))
            {
                await api.UpdateCommentAsync(env.Project!, env.RepositoryId!, pullRequestId, thread.Id, comment.Id, content, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await api.CreateThreadAsync(env.Project!, env.RepositoryId!, pullRequestId, content, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsMine(Comment comment, string? self, string marker) =>
        self is { Length: > 0 }
        && string.Equals(comment.Author?.Id, self, StringComparison.OrdinalIgnoreCase)
        && comment.Content?.StartsWith(marker, StringComparison.Ordinal) == true;
}
