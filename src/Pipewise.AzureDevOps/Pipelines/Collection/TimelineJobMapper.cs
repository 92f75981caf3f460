using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// The jobs of a build timeline with their tasks as steps, in start order. A job is named "stage / job" when the build
/// has more than one stage, and labelled with its stage and phase.
/// </summary>
internal static class TimelineJobMapper
{
    private const int MaxDepth = 16;

    public static IReadOnlyList<JobRecord> Map(IReadOnlyList<TimelineRecord> records)
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

            var labels = new List<string>();
            if (stage?.Name is { Length: > 0 } stageName)
            {
                labels.Add("stage:" + stageName);
            }

            if (FindAncestor(job, "Phase", byId)?.Name is { Length: > 0 } phaseName)
            {
                labels.Add("phase:" + phaseName);
            }

            var completed = job.State == TimelineRecordState.Completed;
            jobs.Add(new JobRecord
            {
                Name = name,
                Id = job.Id,
                Runner = job.WorkerName,
                Labels = labels.Count > 0 ? labels : null,
                StartedAt = job.StartTime,
                FinishedAt = completed ? job.FinishTime : null,
                Result = completed ? AzurePipelinesResults.MapTaskResult(job.Result) : null,
                Steps = Steps(records, job),
            });
        }

        return jobs;
    }

    private static List<StepRecord> Steps(IReadOnlyList<TimelineRecord> records, TimelineRecord job) => records
        .Where(r => IsType(r, "Task") && string.Equals(r.ParentId, job.Id, StringComparison.OrdinalIgnoreCase))
        .OrderBy(r => r.Order ?? int.MaxValue)
        .ThenBy(r => r.StartTime ?? DateTimeOffset.MaxValue)
        .Select((r, i) => new StepRecord
        {
            Name = r.Name ?? $"step {i + 1}",
            Number = r.Order ?? i + 1,
            StartedAt = r.StartTime,
            FinishedAt = r.State == TimelineRecordState.Completed ? r.FinishTime : null,
            Result = r.State == TimelineRecordState.Completed ? AzurePipelinesResults.MapTaskResult(r.Result) : null,
        })
        .ToList();

    private static TimelineRecord? FindAncestor(TimelineRecord record, string type, Dictionary<string, TimelineRecord> byId)
    {
        var current = record;
        for (var depth = 0; depth < MaxDepth && current.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent); depth++)
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
}
