using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// A build as a <see cref="RunRecord"/>: the build itself (required), its timeline and its test runs (best effort:
/// a failure there is a warning and leaves the jobs or the test counts out).
/// </summary>
internal sealed class BuildRunCollector(IAzureDevOpsClient client, AzurePipelinesEnvironment env, Action<string>? warn)
{
    private readonly TestRunSummarizer tests = new(client, warn);

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken)
    {
        var buildId = RequiredVariables.BuildId(env);
        var project = RequiredVariables.Project(env);
        var build = await client.GetBuildAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        var timeline = await TimelineAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        var testSummary = await TestsAsync(project, build.Uri ?? env.BuildUri ?? $"vstfs:///Build/Build/{buildId}", cancellationToken).ConfigureAwait(false);

        var records = timeline?.Records ?? [];
        var attempt = Math.Max(env.JobAttempt ?? 1, records.Count == 0 ? 1 : records.Max(r => r.Attempt ?? 1));
        var pr = env.PullRequestId ?? AzurePipelinesRefs.PullRequestFromRef(build.SourceBranch) ?? AzurePipelinesRefs.PullRequestFromTrigger(build.TriggerInfo);
        var branch = pr is not null && env.PullRequestSourceBranch is { } prSource
            ? AzurePipelinesRefs.ShortBranch(prSource)
            : AzurePipelinesRefs.ShortBranch(build.SourceBranch ?? env.SourceBranch);
        var completed = build.Status == BuildStatus.Completed;

        return new RunRecord
        {
            Provider = AzurePipelinesCollector.Provider,
            Organization = RequiredVariables.Organization(env),
            Repository = build.Project?.Name ?? project,
            PipelineId = (build.Definition?.Id ?? env.DefinitionId ?? 0).ToString(CultureInfo.InvariantCulture),
            PipelineName = build.Definition?.Name ?? env.DefinitionName,
            RunId = build.Id.ToString(CultureInfo.InvariantCulture),
            Attempt = attempt,
            Number = long.TryParse(build.BuildNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Sequence = build.Id,
            Event = AzurePipelinesRefs.NormaliseReason(build.Reason ?? env.Reason),
            Branch = branch,
            Commit = build.SourceVersion ?? env.SourceVersion,
            PullRequest = pr,
            QueuedAt = build.QueueTime,
            StartedAt = build.StartTime,
            FinishedAt = completed ? build.FinishTime : null,
            Result = completed ? AzurePipelinesResults.MapBuildResult(build.Result) : null,
            Jobs = TimelineJobMapper.Map(records),
            Tests = testSummary,
            Properties = Properties(build),
        };
    }

    private async Task<Timeline?> TimelineAsync(string project, int buildId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetBuildTimelineAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not read the build timeline, so jobs and steps are missing: {ex.Message}");
            return null;
        }
    }

    private async Task<TestSummary?> TestsAsync(string project, string buildUri, CancellationToken cancellationToken)
    {
        try
        {
            return await tests.SummarizeAsync(project, buildUri, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not read the build's test runs, so test counts are missing: {ex.Message}");
            return null;
        }
    }

    private Dictionary<string, string> Properties(Build build)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        RunProperties.AddIf(properties, "buildNumber", build.BuildNumber ?? env.BuildNumber);
        RunProperties.AddIf(properties, "reason", build.Reason ?? env.Reason);
        RunProperties.AddIf(properties, "repository.provider", build.Repository?.Type ?? env.RepositoryProvider);
        RunProperties.AddIf(properties, "repository.name", env.RepositoryName);
        RunProperties.AddIf(properties, "queue", build.Queue?.Name);
        RunProperties.AddIf(properties, "sourceBranch", build.SourceBranch ?? env.SourceBranch);
        RunProperties.AddIf(properties, "pullRequest.targetBranch", AzurePipelinesRefs.ShortBranch(env.PullRequestTargetBranch));
        RunProperties.AddIf(properties, "webUrl", build.WebUrl);
        return properties;
    }
}
