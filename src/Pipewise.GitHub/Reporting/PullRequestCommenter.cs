using System.Globalization;
using Octokit;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.GitHub.Runner;

namespace Pipewise.GitHub;

/// <summary>
/// One Pipewise comment per pull request and pipeline, found again by its marker and edited in place; when two jobs
/// create one at the same moment, the oldest stays and the other is deleted. Only comments Pipewise itself wrote
/// (<see cref="CommentIdentity"/>) count: someone else's comment carrying the marker is never edited or deleted.
/// </summary>
internal sealed class PullRequestCommenter(IGitHubClient client, GitHubContext context, WorkflowCommands commands, CommentIdentity identity)
{
    private const int PageSize = 100;

    public async Task UpsertAsync(RunOutcome outcome, GitHubEventPayload payload, int pr)
    {
        var marker = GitHubReporter.CommentMarker(outcome.Run.PipelineId);
        var options = GitHubSummaryOptions.For(context, payload, GitHubReporter.CommentBudgetBytes) with { Marker = marker, IncludeDetails = false, HeadingLevel = 3 };
        var body = SummaryRenderer.Render(outcome, options);
        var mine = await FindMarkedAsync(pr, marker).ConfigureAwait(false);
        foreach (var existing in mine)
        {
            try
            {
                await client.Issue.Comment.Update(context.Owner, context.Repo, existing.Id, body).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
            {
                // Ours, yet no longer editable (locked conversation, changed permissions): try the next one.
                commands.Info($"Pipewise: could not edit comment {existing.Id.ToString(CultureInfo.InvariantCulture)} ({GitHubCollector.Describe(ex)}); trying another.");
            }
        }

        var created = await client.Issue.Comment.Create(context.Owner, context.Repo, pr, body).ConfigureAwait(false);
        identity.Learn(created);

        // Two jobs of the same workflow may create one each at the same moment: the oldest wins, the others fold into it.
        var after = await FindMarkedAsync(pr, marker).ConfigureAwait(false);
        var oldest = after.FirstOrDefault();
        if (oldest is not null && created is not null && oldest.Id < created.Id)
        {
            await client.Issue.Comment.Delete(context.Owner, context.Repo, created.Id).ConfigureAwait(false);
            await client.Issue.Comment.Update(context.Owner, context.Repo, oldest.Id, body).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<IssueComment>> FindMarkedAsync(int pr, string marker)
    {
        var self = await identity.LoginAsync().ConfigureAwait(false);
        var comments = await client.Issue.Comment.GetAllForIssue(context.Owner, context.Repo, pr, new ApiOptions { PageSize = PageSize }).ConfigureAwait(false);
        return [.. comments.Where(c => CommentIdentity.Wrote(c, self) && c.Body is { } b && b.StartsWith(marker, StringComparison.Ordinal)).OrderBy(c => c.Id)];
    }
}
