using System.Globalization;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Backfill;

/// <summary>
/// A completed build read from the API (no job environment) as a <see cref="RunRecord"/> under the key the in-job
/// collector uses: <c>azure-devops/ORG/PROJECT/DEFINITION_ID</c>, run id the build id, attempt the highest timeline
/// attempt (a retried stage or job).
/// </summary>
internal static class BuildRecords
{
    public static RunRecord From(Build build, string organization, string project, Timeline? timeline, TestSummary? tests)
    {
        var records = timeline?.Records ?? [];
        var pr = AzurePipelinesRefs.PullRequestFromRef(build.SourceBranch) ?? AzurePipelinesRefs.PullRequestFromTrigger(build.TriggerInfo);
        var completed = build.Status == BuildStatus.Completed;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        RunProperties.AddIf(properties, "buildNumber", build.BuildNumber);
        RunProperties.AddIf(properties, "reason", build.Reason);
        RunProperties.AddIf(properties, "repository.provider", build.Repository?.Type);
        RunProperties.AddIf(properties, "queue", build.Queue?.Name);
        RunProperties.AddIf(properties, "sourceBranch", build.SourceBranch);
        RunProperties.AddIf(properties, "webUrl", build.WebUrl);
        return new RunRecord
        {
            Provider = AzurePipelinesCollector.Provider,
            Organization = organization,
            Repository = build.Project?.Name ?? project,
            PipelineId = (build.Definition?.Id ?? 0).ToString(CultureInfo.InvariantCulture),
            PipelineName = build.Definition?.Name,
            RunId = build.Id.ToString(CultureInfo.InvariantCulture),
            Attempt = records.Count == 0 ? 1 : Math.Max(1, records.Max(r => r.Attempt ?? 1)),
            Number = long.TryParse(build.BuildNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Sequence = build.Id,
            Event = AzurePipelinesRefs.NormaliseReason(build.Reason),
            Branch = AzurePipelinesRefs.ShortBranch(build.SourceBranch),
            Commit = build.SourceVersion,
            PullRequest = pr,
            QueuedAt = build.QueueTime,
            StartedAt = build.StartTime,
            FinishedAt = completed ? build.FinishTime : null,
            Result = completed ? AzurePipelinesResults.MapBuildResult(build.Result) : null,
            Jobs = TimelineJobMapper.Map(records),
            Tests = tests,
            Properties = properties,
        };
    }
}
