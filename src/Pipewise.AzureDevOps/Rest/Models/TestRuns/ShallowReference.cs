namespace Pipewise.AzureDevOps.Rest;

/// <summary>A named reference (the build of a test run).</summary>
public sealed record ShallowReference
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Url { get; init; }
}
