using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// Collects the current Azure Pipelines run as a <see cref="RunRecord"/>: for a build, the build, its timeline
/// (stages, jobs, tasks), queue time and test runs/results; for a classic release, the release, the current
/// environment and its deployment. Provider "azure-devops", organisation from SYSTEM_COLLECTIONURI, repository =
/// project, pipeline id = definition id, run id = build id.
/// </summary>
public sealed class AzurePipelinesCollector(IAzureDevOpsClient client, AzurePipelinesEnvironment environment, Action<string>? warn = null)
{
    public const string Provider = "azure-devops";

    private readonly IAzureDevOpsClient client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly AzurePipelinesEnvironment env = environment ?? throw new ArgumentNullException(nameof(environment));

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        env.IsRelease ? CollectReleaseAsync(cancellationToken) : CollectBuildAsync(cancellationToken);

    private string Organization => env.CollectionUri is { } uri
        ? AzureDevOpsConnection.OrganizationOf(uri)
        : throw new InvalidOperationException("SYSTEM_COLLECTIONURI is not set: Pipewise must run inside an Azure Pipelines job (or be given the collection URL).");

    private string Project => env.Project
        ?? throw new InvalidOperationException("SYSTEM_TEAMPROJECT is not set: Pipewise must run inside an Azure Pipelines job.");

    public async Task<RunRecord> CollectBuildAsync(CancellationToken cancellationToken = default)
    {
        var buildId = env.BuildId ?? throw new InvalidOperationException("BUILD_BUILDID is not set: Pipewise must run inside an Azure Pipelines build job.");
        var project = Project;
        var build = await client.GetBuildAsync(project, buildId, cancellationToken).ConfigureAwait(false);

        Timeline? timeline = null;
        try
        {
            timeline = await client.GetBuildTimelineAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not read the build timeline, so jobs and steps are missing: {ex.Message}");
        }

        TestSummary? tests = null;
        var buildUri = build.Uri ?? env.BuildUri ?? $"vstfs:///Build/Build/{buildId}";
        try
        {
            tests = await CollectTestsAsync(project, buildUri, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not read the build's test runs, so test counts are missing: {ex.Message}");
        }

        var records = timeline?.Records ?? [];
        var attempt = Math.Max(env.JobAttempt ?? 1, records.Count == 0 ? 1 : records.Max(r => r.Attempt ?? 1));
        var pr = env.PullRequestId ?? PullRequestFromRef(build.SourceBranch) ?? PullRequestFromTrigger(build.TriggerInfo);
        var branch = pr is not null && env.PullRequestSourceBranch is { } prSource ? ShortBranch(prSource) : ShortBranch(build.SourceBranch ?? env.SourceBranch);

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        AddIf(properties, "buildNumber", build.BuildNumber ?? env.BuildNumber);
        AddIf(properties, "reason", build.Reason ?? env.Reason);
        AddIf(properties, "repository.provider", build.Repository?.Type ?? env.RepositoryProvider);
        AddIf(properties, "repository.name", env.RepositoryName);
        AddIf(properties, "queue", build.Queue?.Name);
        AddIf(properties, "sourceBranch", build.SourceBranch ?? env.SourceBranch);
        AddIf(properties, "pullRequest.targetBranch", ShortBranch(env.PullRequestTargetBranch));
        AddIf(properties, "webUrl", build.WebUrl);

        return new RunRecord
        {
            Provider = Provider,
            Organization = Organization,
            Repository = build.Project?.Name ?? project,
            PipelineId = (build.Definition?.Id ?? env.DefinitionId ?? 0).ToString(CultureInfo.InvariantCulture),
            PipelineName = build.Definition?.Name ?? env.DefinitionName,
            RunId = build.Id.ToString(CultureInfo.InvariantCulture),
            Attempt = attempt,
            Number = long.TryParse(build.BuildNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Sequence = build.Id,
            Event = NormaliseReason(build.Reason ?? env.Reason),
            Branch = branch,
            Commit = build.SourceVersion ?? env.SourceVersion,
            PullRequest = pr,
            QueuedAt = build.QueueTime,
            StartedAt = build.StartTime,
            FinishedAt = build.Status == BuildStatus.Completed ? build.FinishTime : null,
            Result = build.Status == BuildStatus.Completed ? MapBuildResult(build.Result) : null,
            Jobs = MapJobs(records),
            Tests = tests,
            Properties = properties,
        };
    }

    public async Task<RunRecord> CollectReleaseAsync(CancellationToken cancellationToken = default)
    {
        var releaseId = env.ReleaseId ?? throw new InvalidOperationException("RELEASE_RELEASEID is not set: Pipewise must run inside a release job.");
        var project = Project;
        var release = await client.GetReleaseAsync(project, releaseId, cancellationToken).ConfigureAwait(false);
        var environment = release.Environments.FirstOrDefault(e => string.Equals(e.Name, env.ReleaseEnvironmentName, StringComparison.OrdinalIgnoreCase))
            ?? release.Environments.FirstOrDefault(e => e.Status == EnvironmentStatus.InProgress)
            ?? release.Environments.OrderBy(e => e.Rank ?? int.MaxValue).FirstOrDefault();
        var definitionId = release.ReleaseDefinition?.Id ?? env.ReleaseDefinitionId ?? 0;

        Deployment? deployment = null;
        if (definitionId > 0)
        {
            try
            {
                var deployments = await client.GetDeploymentsAsync(project, definitionId, environment?.DefinitionEnvironmentId, 200, cancellationToken).ConfigureAwait(false);
                deployment = deployments
                    .Where(d => d.Release?.Id == releaseId && (environment is null || d.ReleaseEnvironment?.Name is null || string.Equals(d.ReleaseEnvironment.Name, environment.Name, StringComparison.OrdinalIgnoreCase)))
                    .OrderByDescending(d => d.Attempt ?? 0)
                    .FirstOrDefault();
            }
            catch (AzureDevOpsApiException ex)
            {
                warn?.Invoke($"Pipewise could not list the release's deployments, so deployment times are missing: {ex.Message}");
            }
        }

        var step = environment?.DeploySteps.OrderByDescending(s => s.Attempt ?? 0).FirstOrDefault();
        var attempt = env.ReleaseAttempt ?? deployment?.Attempt ?? step?.Attempt ?? 1;
        var started = deployment?.StartedOn ?? step?.QueuedOn ?? environment?.CreatedOn;
        var result = deployment is not null ? MapDeploymentStatus(deployment.DeploymentStatus) : MapEnvironmentStatus(environment?.Status);

        // A finished deployment's last change is its end when the list leaves completedOn out.
        var finished = result is null ? null : deployment?.CompletedOn ?? deployment?.LastModifiedOn ?? environment?.ModifiedOn;

        var jobs = new List<JobRecord>();
        foreach (var phase in step?.ReleaseDeployPhases ?? [])
        {
            foreach (var job in phase.DeploymentJobs)
            {
                jobs.Add(new JobRecord
                {
                    Name = job.Job?.Name ?? phase.Name ?? "job",
                    Id = job.Job?.Id?.ToString(CultureInfo.InvariantCulture),
                    Runner = job.Job?.AgentName,
                    StartedAt = job.Job?.StartTime,
                    FinishedAt = job.Job?.FinishTime,
                    Result = MapTaskStatus(job.Job?.Status),
                    Steps = [.. job.Tasks.OrderBy(t => t.Rank ?? 0).Select((t, i) => new StepRecord
                    {
                        Name = t.Name ?? $"task {i + 1}",
                        Number = t.Rank ?? i + 1,
                        StartedAt = t.StartTime,
                        FinishedAt = t.FinishTime,
                        Result = MapTaskStatus(t.Status),
                    })],
                });
            }
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        AddIf(properties, "releaseName", release.Name ?? env.ReleaseName);
        AddIf(properties, "reason", deployment?.Reason ?? release.Reason);
        AddIf(properties, "hostType", "release");
        AddIf(properties, "webUrl", env.ReleaseWebUrl);

        return new RunRecord
        {
            Provider = Provider,
            Organization = Organization,
            Repository = project,
            PipelineId = "release-" + definitionId.ToString(CultureInfo.InvariantCulture),
            PipelineName = release.ReleaseDefinition?.Name ?? env.ReleaseDefinitionName,
            RunId = releaseId.ToString(CultureInfo.InvariantCulture),
            Attempt = attempt,
            Sequence = releaseId,
            Event = NormaliseReason(deployment?.Reason ?? release.Reason),
            QueuedAt = deployment?.QueuedOn ?? step?.QueuedOn,
            StartedAt = started,
            FinishedAt = finished,
            Result = result,
            Jobs = jobs,
            Deployment = environment is null ? null : new DeploymentRecord
            {
                Environment = environment.Name ?? env.ReleaseEnvironmentName ?? "unknown",
                Result = result,
                StartedAt = started,
                FinishedAt = finished,
                DurationSeconds = started is { } s && finished is { } f && f >= s ? (f - s).TotalSeconds : null,
            },
            Properties = properties,
        };
    }

    private async Task<TestSummary?> CollectTestsAsync(string project, string buildUri, CancellationToken cancellationToken)
    {
        var runs = await client.GetTestRunsAsync(project, buildUri, cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return null;
        }

        int total = 0, passed = 0, failed = 0, skipped = 0;
        double durationMs = 0;
        var anyDuration = false;
        foreach (var run in runs)
        {
            IReadOnlyList<TestCaseResult>? results = null;
            try
            {
                results = await client.GetTestResultsAsync(project, run.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (AzureDevOpsApiException ex)
            {
                warn?.Invoke($"Pipewise could not read the results of test run {run.Id}; using the run's totals: {ex.Message}");
            }

            if (results is { Count: > 0 })
            {
                foreach (var result in results)
                {
                    total++;
                    switch (Classify(result.Outcome))
                    {
                        case 1: passed++; break;
                        case -1: failed++; break;
                        default: skipped++; break;
                    }

                    if (result.DurationInMs is { } ms)
                    {
                        durationMs += ms;
                        anyDuration = true;
                    }
                }
            }
            else if (run.TotalTests is { } runTotal)
            {
                // Run totals only: passed and not-applicable are given; the rest did not pass.
                var runPassed = run.PassedTests ?? 0;
                var runSkipped = (run.NotApplicableTests ?? 0) + (run.IncompleteTests ?? 0);
                total += runTotal;
                passed += runPassed;
                skipped += runSkipped;
                failed += Math.Max(runTotal - runPassed - runSkipped, 0);
                if (run.StartedDate is { } s && run.CompletedDate is { } c && c >= s)
                {
                    durationMs += (c - s).TotalMilliseconds;
                    anyDuration = true;
                }
            }
        }

        return new TestSummary
        {
            Total = total,
            Passed = passed,
            Failed = failed,
            Skipped = skipped,
            DurationSeconds = anyDuration ? Math.Round(durationMs / 1000.0, 3) : null,
        };
    }

    /// <summary>1 passed, -1 failed, 0 not run.</summary>
    private static int Classify(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => 1,
        TestOutcome.Failed or TestOutcome.Error or TestOutcome.Timeout or TestOutcome.Aborted => -1,
        _ => 0,
    };

    internal static IReadOnlyList<JobRecord> MapJobs(IReadOnlyList<TimelineRecord> records)
    {
        var byId = records.Where(r => r.Id is not null).GroupBy(r => r.Id!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var stages = records.Where(r => IsType(r, "Stage")).ToList();
        var jobs = new List<JobRecord>();
        foreach (var job in records.Where(r => IsType(r, "Job")).OrderBy(r => r.StartTime ?? DateTimeOffset.MaxValue).ThenBy(r => r.Order ?? 0))
        {
            var stage = FindAncestor(job, "Stage", byId);
            var name = job.Name ?? job.Identifier ?? "job";
            if (stage is not null && stages.Count > 1 && !string.IsNullOrEmpty(stage.Name))
            {
                name = $"{stage.Name} / {name}";
            }

            var steps = records
                .Where(r => IsType(r, "Task") && string.Equals(r.ParentId, job.Id, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.Order ?? int.MaxValue)
                .ThenBy(r => r.StartTime ?? DateTimeOffset.MaxValue)
                .Select((r, i) => new StepRecord
                {
                    Name = r.Name ?? $"step {i + 1}",
                    Number = r.Order ?? i + 1,
                    StartedAt = r.StartTime,
                    FinishedAt = r.State == TimelineRecordState.Completed ? r.FinishTime : null,
                    Result = r.State == TimelineRecordState.Completed ? MapTaskResult(r.Result) : null,
                })
                .ToList();

            var labels = new List<string>();
            if (stage?.Name is { Length: > 0 } stageName)
            {
                labels.Add("stage:" + stageName);
            }

            if (FindAncestor(job, "Phase", byId)?.Name is { Length: > 0 } phaseName)
            {
                labels.Add("phase:" + phaseName);
            }

            jobs.Add(new JobRecord
            {
                Name = name,
                Id = job.Id,
                Runner = job.WorkerName,
                Labels = labels.Count > 0 ? labels : null,
                StartedAt = job.StartTime,
                FinishedAt = job.State == TimelineRecordState.Completed ? job.FinishTime : null,
                Result = job.State == TimelineRecordState.Completed ? MapTaskResult(job.Result) : null,
                Steps = steps,
            });
        }

        return jobs;
    }

    private static TimelineRecord? FindAncestor(TimelineRecord record, string type, Dictionary<string, TimelineRecord> byId)
    {
        var current = record;
        for (var depth = 0; depth < 16 && current.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent); depth++)
        {
            if (IsType(parent, type))
            {
                return parent;
            }

            current = parent;
        }

        return null;
    }

    private static bool IsType(TimelineRecord r, string type) => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase);

    public static RunResult? MapBuildResult(BuildResult result) => result switch
    {
        BuildResult.Succeeded => RunResult.Succeeded,
        BuildResult.PartiallySucceeded => RunResult.Partial,
        BuildResult.Failed => RunResult.Failed,
        BuildResult.Canceled => RunResult.Canceled,
        _ => null,
    };

    public static RunResult? MapTaskResult(TaskResult? result) => result switch
    {
        TaskResult.Succeeded => RunResult.Succeeded,
        TaskResult.SucceededWithIssues => RunResult.Partial,
        TaskResult.Failed => RunResult.Failed,
        TaskResult.Canceled or TaskResult.Abandoned => RunResult.Canceled,
        TaskResult.Skipped => RunResult.Skipped,
        _ => null,
    };

    private static RunResult? MapTaskStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "succeeded" => RunResult.Succeeded,
        "partiallysucceeded" => RunResult.Partial,
        "failed" => RunResult.Failed,
        "canceled" => RunResult.Canceled,
        "skipped" => RunResult.Skipped,
        _ => null,
    };

    public static RunResult? MapDeploymentStatus(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Succeeded => RunResult.Succeeded,
        DeploymentStatus.PartiallySucceeded => RunResult.Partial,
        DeploymentStatus.Failed => RunResult.Failed,
        _ => null,
    };

    private static RunResult? MapEnvironmentStatus(EnvironmentStatus? status) => status switch
    {
        EnvironmentStatus.Succeeded => RunResult.Succeeded,
        EnvironmentStatus.PartiallySucceeded => RunResult.Partial,
        EnvironmentStatus.Canceled => RunResult.Canceled,
        EnvironmentStatus.Rejected => RunResult.Failed,
        _ => null,
    };

    /// <summary>Build.Reason → push, pull_request, schedule, manual, api, other.</summary>
    public static string? NormaliseReason(string? reason) => reason?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "individualci" or "batchedci" or "continuousintegration" => "push",
        "pullrequest" => "pull_request",
        "schedule" or "scheduled" => "schedule",
        "manual" or "usercreated" => "manual",
        "resourcetrigger" or "buildcompletion" or "triggered" or "automated" or "redeploytrigger" => "api",
        _ => "other",
    };

    /// <summary>refs/heads/main → main; refs/pull/… stays; null stays null.</summary>
    public static string? ShortBranch(string? reference) =>
        reference is null ? null
        : reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference;

    private static int? PullRequestFromRef(string? reference)
    {
        // refs/pull/{id}/merge (Azure Repos and GitHub PR builds)
        if (reference is null || !reference.StartsWith("refs/pull/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = reference["refs/pull/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return int.TryParse(slash > 0 ? rest[..slash] : rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static int? PullRequestFromTrigger(IReadOnlyDictionary<string, string>? trigger) =>
        trigger is not null && trigger.TryGetValue("pr.number", out var n) && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static void AddIf(Dictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            properties[key] = value;
        }
    }
}
