using System.Globalization;
using Octokit;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>
/// Collects the current workflow run attempt through Octokit: the run, its jobs and steps (all pages), artifacts
/// size, run timing, the PR, the deployments made for the run, and turns them into a <see cref="RunRecord"/>.
/// Only the run itself is required; every other part is best effort and a failure there is logged, not thrown.
/// </summary>
public sealed class GitHubCollector(IGitHubClient client, GitHubContext context, Action<string>? log = null, TimeProvider? time = null)
{
    private const int PageSize = 100;
    private const int MaxDeploymentsChecked = 10;
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public async Task<RunRecord> CollectAsync(GitHubEventPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var owner = context.Owner;
        var repo = context.Repo;

        WorkflowRun run;
        try
        {
            run = context.RunAttempt > 1
                ? await client.Actions.Workflows.Runs.GetAttempt(owner, repo, context.RunId, context.RunAttempt).ConfigureAwait(false)
                : await client.Actions.Workflows.Runs.Get(owner, repo, context.RunId).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRemoteFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubCollectException(
                $"Could not read workflow run {context.RunId} (attempt {context.RunAttempt}) of {owner}/{repo} from {context.ApiUrl}: {Describe(ex)}", ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var jobs = await BestEffort("jobs", () => ListJobsAsync(run), []).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var artifactBytes = await BestEffort<long?>("artifacts", () => ArtifactBytesAsync(), null).ConfigureAwait(false);
        if (artifactBytes is { } bytes)
        {
            properties["artifacts-bytes"] = bytes.ToString(CultureInfo.InvariantCulture);
        }

        var completed = run.Conclusion is not null && run.Status.StringValue == "completed";
        var usage = await BestEffort<WorkflowRunUsage?>("timing", async () => await client.Actions.Workflows.Runs.GetUsage(owner, repo, context.RunId).ConfigureAwait(false), null).ConfigureAwait(false);
        if (usage is { RunDurationMs: > 0 } u)
        {
            properties["run-duration-ms"] = u.RunDurationMs.ToString(CultureInfo.InvariantCulture);
            if (u.Billable is { } billable)
            {
                var billableMs = (billable.Ubuntu?.TotalMs ?? 0) + (billable.MacOS?.TotalMs ?? 0) + (billable.Windows?.TotalMs ?? 0);
                if (billableMs > 0)
                {
                    properties["billable-ms"] = billableMs.ToString(CultureInfo.InvariantCulture);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var headSha = string.IsNullOrEmpty(run.HeadSha) ? payload.PullRequestHeadSha ?? context.Sha : run.HeadSha;
        var deployment = await BestEffort<DeploymentRecord?>("deployments", () => DeploymentAsync(run, headSha, properties), null).ConfigureAwait(false);

        var jobRecords = jobs.Select(ToJob).ToList();
        var now = clock.GetUtcNow();
        DateTimeOffset? finished = completed ? run.UpdatedAt : null;
        RunResult? result = completed ? MapConclusion(run.Conclusion?.StringValue) : null;
        if (!completed)
        {
            // Pipewise runs as a step of this run, so the run is still in progress: what is known so far is its
            // result until now, and "now" is when the measured part ends.
            properties["collected-while"] = run.Status.StringValue ?? "in_progress";
            finished = now;
            result = ResultSoFar(jobRecords);
        }

        var branch = run.HeadBranch is { Length: > 0 } hb ? hb : payload.PullRequestHeadRef ?? context.HeadRef ?? context.RefName;
        int? pr = payload.PullRequestNumber ?? run.PullRequests?.FirstOrDefault()?.Number;
        DateTimeOffset? started = run.RunStartedAt == default ? null : run.RunStartedAt;
        DateTimeOffset? queued = run.CreatedAt == default ? null : run.CreatedAt;

        return new RunRecord
        {
            Provider = "github",
            Organization = owner,
            Repository = repo,
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
            DurationSeconds = completed && usage is { RunDurationMs: > 0 } done ? done.RunDurationMs / 1000.0 : null,
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

    internal static RunResult? MapConclusion(string? conclusion) => conclusion switch
    {
        "success" => RunResult.Succeeded,
        "failure" or "timed_out" or "startup_failure" => RunResult.Failed,
        "cancelled" => RunResult.Canceled,
        "skipped" => RunResult.Skipped,
        "neutral" or "action_required" or "stale" => RunResult.Partial,
        _ => null,
    };

    private static RunResult? ResultSoFar(IReadOnlyList<JobRecord> jobs)
    {
        var results = jobs.Select(j => j.Result).Concat(jobs.SelectMany(j => j.Steps.Select(s => s.Result))).ToList();
        if (results.Contains(RunResult.Failed))
        {
            return RunResult.Failed;
        }

        if (results.Contains(RunResult.Canceled))
        {
            return RunResult.Canceled;
        }

        return RunResult.Succeeded;
    }

    private static string? WorkflowPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        // ".github/workflows/build.yml@main" or "owner/repo/.github/workflows/build.yml@refs/heads/main".
        var at = path.IndexOf('@', StringComparison.Ordinal);
        var p = at >= 0 ? path[..at] : path;
        var idx = p.IndexOf(".github/workflows/", StringComparison.Ordinal);
        return idx >= 0 ? p[idx..] : p;
    }

    private JobRecord ToJob(WorkflowJob job)
    {
        var os = job.Labels?.FirstOrDefault(l => l.StartsWith("ubuntu", StringComparison.OrdinalIgnoreCase) || l.StartsWith("windows", StringComparison.OrdinalIgnoreCase) || l.StartsWith("macos", StringComparison.OrdinalIgnoreCase))
            ?? (string.Equals(job.RunnerName, context.RunnerName, StringComparison.Ordinal) ? context.RunnerOs : null);
        return new JobRecord
        {
            Name = job.Name ?? job.Id.ToString(CultureInfo.InvariantCulture),
            Id = job.Id.ToString(CultureInfo.InvariantCulture),
            Runner = string.IsNullOrEmpty(job.RunnerName) ? null : job.RunnerName,
            Os = os,
            Labels = job.Labels is { Count: > 0 } labels ? [.. labels] : null,
            QueuedAt = job.CreatedAt,
            StartedAt = job.StartedAt == default ? null : job.StartedAt,
            FinishedAt = job.CompletedAt,
            Result = job.Status.StringValue == "completed" ? MapConclusion(job.Conclusion?.StringValue) : null,
            Steps =
            [
                .. (job.Steps ?? []).OrderBy(s => s.Number).Select(s => new StepRecord
                {
                    Name = s.Name ?? s.Number.ToString(CultureInfo.InvariantCulture),
                    Number = s.Number,
                    StartedAt = s.StartedAt,
                    FinishedAt = s.CompletedAt,
                    Result = s.Status.StringValue == "completed" ? MapConclusion(s.Conclusion?.StringValue) : null,
                }),
            ],
        };
    }

    private async Task<IReadOnlyList<WorkflowJob>> ListJobsAsync(WorkflowRun run)
    {
        var attempt = run.RunAttempt > 0 ? (int)run.RunAttempt : context.RunAttempt;
        var response = await client.Actions.Workflows.Jobs.List(context.Owner, context.Repo, context.RunId, attempt, new ApiOptions { PageSize = PageSize }).ConfigureAwait(false);
        return response.Jobs ?? [];
    }

    private async Task<long?> ArtifactBytesAsync()
    {
        long total = 0;
        var seen = 0;
        for (var page = 1; page <= 50; page++)
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

    private async Task<DeploymentRecord?> DeploymentAsync(WorkflowRun run, string? sha, IDictionary<string, string> properties)
    {
        if (string.IsNullOrEmpty(sha))
        {
            return null;
        }

        var api = new ApiConnection(client.Connection);
        var uri = new Uri($"repos/{Uri.EscapeDataString(context.Owner)}/{Uri.EscapeDataString(context.Repo)}/deployments", UriKind.Relative);
        var deployments = await api.GetAll<Deployment>(
            uri,
            new Dictionary<string, string> { ["sha"] = sha },
            new ApiOptions { PageSize = PageSize, PageCount = 1 }).ConfigureAwait(false);
        var runMarker = $"/actions/runs/{context.RunId.ToString(CultureInfo.InvariantCulture)}";
        var since = run.CreatedAt == default ? DateTimeOffset.MinValue : run.CreatedAt.AddMinutes(-1);
        var found = new List<DeploymentRecord>();
        foreach (var d in deployments.OrderByDescending(d => d.CreatedAt).Take(MaxDeploymentsChecked))
        {
            var statuses = await client.Repository.Deployment.Status.GetAll(context.Owner, context.Repo, d.Id, new ApiOptions { PageSize = PageSize, PageCount = 1 }).ConfigureAwait(false);
            var ofThisRun = d.CreatedAt >= since
                || statuses.Any(s => (s.LogUrl ?? string.Empty).Contains(runMarker, StringComparison.Ordinal) || (s.TargetUrl ?? string.Empty).Contains(runMarker, StringComparison.Ordinal));
            if (!ofThisRun)
            {
                continue;
            }

            var latest = statuses.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).FirstOrDefault();
            var state = latest?.State.StringValue;
            RunResult? result = state switch
            {
                "success" => RunResult.Succeeded,
                "failure" or "error" => RunResult.Failed,
                "inactive" => RunResult.Succeeded,
                _ => null,
            };
            DateTimeOffset? finishedAt = result is null ? null : latest!.CreatedAt;
            found.Add(new DeploymentRecord
            {
                Environment = d.Environment ?? "unknown",
                Result = result,
                StartedAt = d.CreatedAt,
                FinishedAt = finishedAt,
                DurationSeconds = finishedAt is { } fa && fa >= d.CreatedAt ? (fa - d.CreatedAt).TotalSeconds : null,
            });
        }

        if (found.Count == 0)
        {
            return null;
        }

        properties["deployments"] = string.Join(",", found.Select(f => f.Environment + "=" + (f.Result?.ToString().ToLowerInvariant() ?? "pending")));
        return found[0];
    }

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
}

/// <summary>The current run could not be read from the GitHub API (network, permissions, rate limit).</summary>
public sealed class GitHubCollectException(string message, Exception inner) : Exception(message, inner);
