using System.Globalization;
using Octokit;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.GitHub.Runner;

namespace Pipewise.GitHub;

/// <summary>
/// Reports an outcome the GitHub way: job summary, a few annotations, step outputs, the <c>pipewise/risk</c> commit
/// status (and check run for a GitHub App token), and one PR comment per PR and workflow, edited in place.
/// Every part is fail-open: a failure becomes a warning line and the next part still runs.
/// </summary>
public sealed class GitHubReporter(IGitHubClient client, GitHubContext context, RunHostSettings settings, WorkflowCommands commands, TimeProvider? time = null)
{
    /// <summary>The commit status / check run name.</summary>
    public const string StatusContext = "pipewise/risk";

    /// <summary>Maximum annotations Pipewise writes per run (the runner keeps 10 per type and step).</summary>
    public const int MaxAnnotations = 3;

    /// <summary>GitHub comment bodies take at most 65536 characters; keep a margin.</summary>
    public const int CommentBudgetBytes = 60_000;

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>The hidden marker that finds this pipeline's PR comment again.</summary>
    public static string CommentMarker(string pipelineId) =>
        $"<!-- pipewise:pr-comment pipeline={Uri.EscapeDataString(pipelineId)} -->";

    public async Task ReportAsync(RunOutcome outcome, GitHubEventPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        payload ??= GitHubEventPayload.Empty;

        Safely("write the job summary", () => WriteSummary(outcome, payload));
        Safely("write annotations", () => WriteAnnotations(outcome));
        Safely("write step outputs", () => WriteOutputs(outcome));

        if (settings.PostStatus && outcome.Run.Commit is { Length: > 0 })
        {
            await SafelyAsync("post the commit status", () => PostStatusAsync(outcome)).ConfigureAwait(false);
            if (IsAppToken(settings.Token))
            {
                await SafelyAsync("create the check run", () => PostCheckRunAsync(outcome, payload)).ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (settings.PostComment && outcome.Run.PullRequest is { } pr)
        {
            await SafelyAsync("post the pull request comment", () => UpsertCommentAsync(outcome, payload, pr)).ConfigureAwait(false);
        }
    }

    /// <summary>A GitHub App installation token (GITHUB_TOKEN is one) can create check runs.</summary>
    public static bool IsAppToken(string? token) => token is not null && token.StartsWith("ghs_", StringComparison.Ordinal);

    internal SummaryOptions SummaryOptionsFor(GitHubEventPayload payload, int maxBytes) => new()
    {
        Snippets = SnippetFlavor.GitHub,
        MaxBytes = maxBytes,
        RunUrl = context.RunUrl,
        PullRequestTitle = payload.PullRequestTitle,
        CommitMessage = payload.HeadCommitMessage,
    };

    private void WriteSummary(RunOutcome outcome, GitHubEventPayload payload)
    {
        if (context.StepSummaryPath is not { } path)
        {
            commands.Info("Pipewise: GITHUB_STEP_SUMMARY is not set; no job summary written.");
            return;
        }

        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var budget = (int)Math.Max(1024, EnvironmentFiles.StepSummaryLimitBytes - existing - 4096);
        var markdown = SummaryRenderer.Render(outcome, SummaryOptionsFor(payload, budget));
        EnvironmentFiles.AppendStepSummary(path, markdown);
    }

    private void WriteAnnotations(RunOutcome outcome)
    {
        var written = 0;
        var v = outcome.Verdict;
        if (v.Verdict != Verdict.Pass)
        {
            var reasons = string.Join("; ", v.Reasons.Where(r => r.Severity != Verdict.Pass).OrderByDescending(r => r.Severity).Select(r => r.Message));
            var title = $"Pipewise verdict: {v.Verdict.ToString().ToLowerInvariant()}" + (v.Blocks ? " (enforced)" : string.Empty);
            if (v.Blocks)
            {
                commands.Error(reasons, title);
            }
            else
            {
                commands.Warning(reasons, title);
            }

            written++;
        }

        if (outcome.Decision?.Suggestions is { Count: > 0 } suggestions && written < MaxAnnotations)
        {
            var top = suggestions[0];
            var saving = top.ExpectedSavingSeconds is { } s && s > 0 ? $" (could save about {SummaryRenderer.FormatDuration(s)} per run)" : string.Empty;
            commands.Warning($"{top.Title}{saving}: {top.Evidence}. The job summary has the YAML to paste.", "Pipewise suggestion");
            written++;
        }

        if (outcome.Notes.Count > 0 && written < MaxAnnotations && outcome.Verdict.Reasons.Any(r => r.Code == "pipewise-error"))
        {
            commands.Warning(string.Join(" ", outcome.Notes), "Pipewise could not score this run");
        }
    }

    private void WriteOutputs(RunOutcome outcome)
    {
        var outputs = RunOutputs.From(outcome);
        if (context.OutputPath is not { } path)
        {
            commands.Info("Pipewise: GITHUB_OUTPUT is not set; outputs: " + string.Join(", ", outputs.Where(o => o.Key != "suggestions").Select(o => $"{o.Key}={o.Value}")));
            return;
        }

        EnvironmentFiles.AppendOutputs(path, outputs);
    }

    internal static (CommitState State, string Description) StatusFor(RunOutcome outcome)
    {
        var v = outcome.Verdict;
        var state = v.Blocks ? CommitState.Failure : CommitState.Success;
        var parts = new List<string> { v.Verdict.ToString().ToLowerInvariant() + (v.Mode == GateMode.Enforce ? string.Empty : " (" + ModeName(v.Mode) + ")") };
        if (outcome.Forecast is { } f)
        {
            parts.Add("failure risk " + (f.FailureProbability * 100).ToString("0", CultureInfo.InvariantCulture) + "%");
            parts.Add("expected " + SummaryRenderer.FormatDuration(f.DurationP50Seconds));
        }

        if (outcome.AnomalyZ is { } z)
        {
            parts.Add("anomaly z " + z.ToString("0.0", CultureInfo.InvariantCulture));
        }

        var description = "Pipewise: " + string.Join(", ", parts);
        return (state, description.Length > 140 ? description[..139] + "…" : description);
    }

    private static string ModeName(GateMode mode) => mode switch
    {
        GateMode.DryRun => "dry-run",
        GateMode.Enforce => "enforce",
        _ => "advise",
    };

    private async Task PostStatusAsync(RunOutcome outcome)
    {
        var (state, description) = StatusFor(outcome);
        await client.Repository.Status.Create(context.Owner, context.Repo, outcome.Run.Commit!, new NewCommitStatus
        {
            State = state,
            Context = StatusContext,
            Description = description,
            TargetUrl = context.RunUrl.AbsoluteUri,
        }).ConfigureAwait(false);
    }

    private async Task PostCheckRunAsync(RunOutcome outcome, GitHubEventPayload payload)
    {
        var v = outcome.Verdict;
        var conclusion = v.Blocks ? CheckConclusion.Failure : v.Verdict == Verdict.Pass ? CheckConclusion.Success : CheckConclusion.Neutral;
        var summary = SummaryRenderer.Render(outcome, SummaryOptionsFor(payload, CommentBudgetBytes) with { IncludeDetails = false, HeadingLevel = 3 });
        var (_, description) = StatusFor(outcome);
        await client.Check.Run.Create(context.Owner, context.Repo, new NewCheckRun(StatusContext, outcome.Run.Commit!)
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = clock.GetUtcNow(),
            DetailsUrl = context.RunUrl.AbsoluteUri,
            ExternalId = outcome.Run.Key.ToString(),
            Output = new NewCheckRunOutput(description, summary),
        }).ConfigureAwait(false);
    }

    private async Task UpsertCommentAsync(RunOutcome outcome, GitHubEventPayload payload, int pr)
    {
        var marker = CommentMarker(outcome.Run.PipelineId);
        var body = SummaryRenderer.Render(outcome, SummaryOptionsFor(payload, CommentBudgetBytes) with { Marker = marker, IncludeDetails = false, HeadingLevel = 3 });
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
                // A comment carrying our marker that we may not edit (someone copied it): try the next one.
                commands.Info($"Pipewise: could not edit comment {existing.Id.ToString(CultureInfo.InvariantCulture)} ({GitHubCollector.Describe(ex)}); trying another.");
            }
        }

        var created = await client.Issue.Comment.Create(context.Owner, context.Repo, pr, body).ConfigureAwait(false);

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
        var comments = await client.Issue.Comment.GetAllForIssue(context.Owner, context.Repo, pr, new ApiOptions { PageSize = 100 }).ConfigureAwait(false);
        return [.. comments.Where(c => c.Body is { } b && b.StartsWith(marker, StringComparison.Ordinal)).OrderBy(c => c.Id)];
    }

    private void Safely(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            commands.Warning($"Pipewise could not {what}: {ex.Message}. The run continues.");
        }
    }

    private async Task SafelyAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (GitHubCollector.IsRemoteFailure(ex) || ex is InvalidOperationException)
        {
            var hint = ex is ForbiddenException or AuthorizationException
                ? " Check the job's permissions (statuses: write, checks: write, pull-requests: write) or set post-status/post-comment to false."
                : string.Empty;
            commands.Warning($"Pipewise could not {what}: {GitHubCollector.Describe(ex)}.{hint} The run continues.");
        }
    }
}
