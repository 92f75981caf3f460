namespace Pipewise.AzureDevOps.Rest;

/// <summary>One stage, phase, job or task of a build's timeline.</summary>
public sealed record TimelineRecord
{
    public string? Id { get; init; }
    public string? ParentId { get; init; }
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Identifier { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public TimelineRecordState State { get; init; }
    public TaskResult? Result { get; init; }
    public string? WorkerName { get; init; }
    public int? Order { get; init; }
    public int? Attempt { get; init; }
    public int? ErrorCount { get; init; }
    public int? WarningCount { get; init; }
    public TimelineReference? Details { get; init; }
}
