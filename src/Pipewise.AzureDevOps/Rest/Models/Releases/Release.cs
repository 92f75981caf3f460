namespace Pipewise.AzureDevOps.Rest;

/// <summary>A classic release (Releases - Get Release).</summary>
public sealed record Release
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public ReleaseStatus Status { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? CreatedOn { get; init; }
    public DateTimeOffset? ModifiedOn { get; init; }
    public ReleaseDefinitionReference? ReleaseDefinition { get; init; }
    public IReadOnlyList<ReleaseEnvironment> Environments { get; init; } = [];
}
