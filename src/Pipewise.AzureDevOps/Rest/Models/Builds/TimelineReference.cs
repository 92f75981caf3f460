namespace Pipewise.AzureDevOps.Rest;

/// <summary>A link to a nested timeline (a record's details).</summary>
public sealed record TimelineReference
{
    public string? Id { get; init; }
    public int? ChangeId { get; init; }
    public string? Url { get; init; }
}
