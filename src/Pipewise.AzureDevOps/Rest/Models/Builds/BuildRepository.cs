namespace Pipewise.AzureDevOps.Rest;

/// <summary>The repository a build ran on.</summary>
public sealed record BuildRepository
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
}
