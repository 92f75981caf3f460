using System.Globalization;
using Octokit;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>
/// Collects the current workflow run attempt through Octokit: the run, its jobs and steps (all pages), the PR, the
/// deployments made for the run, and turns them into a <see cref="RunRecord"/>. Only the run itself is required;
/// every other part is best effort and a failure there is logged, not thrown. ADR 0012 keeps it to 3–4 requests:
/// no <c>/timing</c> (closing down, refuses App tokens, empty for a run still going) and no artifacts listing.
/// </summary>
public sealed class GitHubCollector(IGitHubClient client, GitHubContext context, Action<string>? log = null, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly WorkflowRunReader reader = new(client, context);
    private readonly DeploymentFinder deployments = new(client, context);
    private readonly WorkflowJobMapper jobMapper = new(context);

    public async Task<RunRecord> CollectAsync(GitHubEventPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var run = await ReadRunAsync(cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var jobs = await BestEffort("jobs", () => reader.JobsAsync(run), []).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var completed = run.Conclusion is not null && run.Status.StringValue == "completed";

        cancellationToken.ThrowIfCancellationRequested();
        var headSha = string.IsNullOrEmpty(run.HeadSha) ? payload.PullRequestHeadSha ?? context.Sha : run.HeadSha;
        var deployment = await BestEffort("deployments", () => deployments.FindAsync(run, headSha, properties), null).ConfigureAwait(false);

        var jobRecords = jobs.Select(jobMapper.Map).ToList();
        var now = clock.GetUtcNow();
        DateTimeOffset? finished = completed ? run.UpdatedAt : null;
        RunResult? result = completed ? GitHubResults.MapConclusion(run.Conclusion?.StringValue) : null;
        if (!completed)
        {
            // Pipewise runs as a step of this run, so the run is still in progress: what is known so far is its
            // result until now, and "now" is when the measured part ends.
            properties["collected-while"] = run.Status.StringValue ?? "in_progress";
            finished = now;
            result = GitHubResults.ResultSoFar(jobRecords);
        }

        var branch = run.HeadBranch is { Length: > 0 } hb ? hb : payload.PullRequestHeadRef ?? context.HeadRef ?? context.RefName;
        int? pr = payload.PullRequestNumber ?? run.PullRequests?.FirstOrDefault()?.Number;
        DateTimeOffset? started = run.RunStartedAt == default ? null : run.RunStartedAt;
        DateTimeOffset? queued = run.CreatedAt == default ? null : run.CreatedAt;

        return new RunRecord
        {
            Provider = "github",
            Organization = context.Owner,
            Repository = context.Repo,
            PipelineId = run.WorkflowId > 0 ? run.WorkflowId.ToString(CultureInfo.InvariantCulture) : WorkflowPath(run.Path) ?? WorkflowPath(context.WorkflowRef) ?? "unknown",
            PipelineName = string.IsNullOrEmpty(run.Name) ? null : run.Name,
            RunId = context.RunId.ToString(CultureInfo.InvariantCulture),
            Attempt = run.RunAttempt > 0 ? (int)run.RunAttempt : context.RunAttempt,
            Number = run.RunNumber > 0 ? run.RunNumber : null,
            Sequence = context.RunId,
            Event = NormalizeEvent(run.Event ?? context.EventName),
            Branch = branch,
            IsDefaultBranch = payload.DefaultBranch is { Length: > 0 } def && branch is not null ? string.Equals(def, branch, StringComparison.Ordinal) : null,
            Commit = headSha,
            PullRequest = pr,
            QueuedAt = queued,
            StartedAt = started,
            FinishedAt = finished is { } f && started is { } s && f < s ? s : finished,
            Result = result,
            Jobs = jobRecords,
            Deployment = deployment,
            Properties = properties.Count == 0 ? null : properties,
        };
    }

    /// <summary>push, pull_request, schedule, manual, api, other.</summary>
    public static string? NormalizeEvent(string? githubEvent) => githubEvent switch
    {
        null or "" => null,
        "push" => "push",
        "pull_request" or "pull_request_target" or "pull_request_review" or "pull_request_review_comment" => "pull_request",
        "schedule" => "schedule",
        "workflow_dispatch" => "manual",
        "repository_dispatch" => "api",
        _ => "other",
    };

    /// <summary>A failure of the API or the network (as opposed to a bug): reported, never fatal to reporting.</summary>
    internal static bool IsRemoteFailure(Exception ex) =>
        ex is ApiException or HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException or IOException;

    internal static string Describe(Exception ex) => ex switch
    {
        RateLimitExceededException rl => $"rate limit exceeded (resets at {rl.Reset:u})",
        SecondaryRateLimitExceededException => "secondary rate limit exceeded",
        ApiException api => $"HTTP {(int)api.StatusCode}: {api.Message}",
        Polly.Timeout.TimeoutRejectedException or OperationCanceledException => "timed out",
        _ => ex.Message,
    };

    private async Task<WorkflowRun> ReadRunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await reader.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRemoteFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubCollectException(
                $"Could not read workflow run {context.RunId} (attempt {context.RunAttempt}) of {context.Owner}/{context.Repo} from {context.ApiUrl}: {Describe(ex)}", ex);
        }
    }

    private static string? WorkflowPath(string? path) => GitHubPipelineIdentity.WorkflowPath(path);

    private async Task<T> BestEffort<T>(string what, Func<Task<T>> read, T fallback)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRemoteFailure(ex))
        {
            log?.Invoke($"Pipewise: could not read the run's {what} ({Describe(ex)}); continuing without them.");
            return fallback;
        }
    }
}
