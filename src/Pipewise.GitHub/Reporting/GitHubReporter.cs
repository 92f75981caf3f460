using System.Globalization;
using Octokit;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.GitHub.Runner;

namespace Pipewise.GitHub;

/// <summary>
/// Reports an outcome the GitHub way: job summary, a few annotations, step outputs, the <c>pipewise/risk</c> commit
/// status, and one PR comment per PR and workflow, edited in place.
/// Every part is fail-open: a failure becomes a warning line and the next part still runs.
/// </summary>
public sealed class GitHubReporter(IGitHubClient client, GitHubContext context, RunHostSettings settings, WorkflowCommands commands)
{
    /// <summary>The commit status context.</summary>
    public const string StatusContext = "pipewise/risk";

    /// <summary>Maximum annotations Pipewise writes per run (the runner keeps 10 per type and step).</summary>
    public const int MaxAnnotations = 3;

    /// <summary>GitHub comment bodies take at most 65536 characters; keep a margin.</summary>
    public const int CommentBudgetBytes = 60_000;

    private readonly JobReportWriter job = new(context, commands);
    private readonly CommitStatusPoster statuses = new(client, context);
    private readonly PullRequestCommenter comments = new(client, context, commands, new CommentIdentity(client, settings.Token, settings.CommentAuthor));

    /// <summary>The hidden marker that finds this pipeline's PR comment again.</summary>
    public static string CommentMarker(string pipelineId) =>
        $"<!-- pipewise:pr-comment pipeline={Uri.EscapeDataString(pipelineId)} -->";

    public async Task ReportAsync(RunOutcome outcome, GitHubEventPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        payload ??= GitHubEventPayload.Empty;

        Safely("write the job summary", () => job.WriteSummary(outcome, payload));
        Safely("write annotations", () => job.WriteAnnotations(outcome));
        Safely("write step outputs", () => job.WriteOutputs(outcome));

        if (settings.PostStatus && outcome.Run.Commit is { Length: > 0 })
        {
            // One check on the PR: the commit status only (a check run of the same name showed it twice; ADR 0012).
            await SafelyAsync("post the commit status", () => statuses.PostStatusAsync(outcome)).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (settings.PostComment && outcome.Run.PullRequest is { } pr)
        {
            await SafelyAsync("post the pull request comment", () => comments.UpsertAsync(outcome, payload, pr)).ConfigureAwait(false);
        }
    }

    /// <summary>A GitHub App installation token (GITHUB_TOKEN is one) can create check runs.</summary>
    public static bool IsAppToken(string? token) => token is not null && token.StartsWith("ghs_", StringComparison.Ordinal);

    /// <summary>The commit status of an outcome: failure only when the gate blocks; the verdict, risk and anomaly in 140 characters.</summary>
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
                ? " Check the job's permissions (statuses: write, pull-requests: write) or set post-status/post-comment to false."
                : string.Empty;
            commands.Warning($"Pipewise could not {what}: {GitHubCollector.Describe(ex)}.{hint} The run continues.");
        }
    }
}
