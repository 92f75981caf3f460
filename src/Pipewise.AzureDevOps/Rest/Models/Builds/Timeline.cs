namespace Pipewise.AzureDevOps.Rest;

/// <summary>A build's timeline (Timeline - Get).</summary>
public sealed record Timeline
{
    public string? Id { get; init; }
    public int? ChangeId { get; init; }
    public IReadOnlyList<TimelineRecord> Records { get; init; } = [];
}
