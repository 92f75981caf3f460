namespace Pipewise.AzureDevOps.Rest;

/// <summary>The genre/name that identifies a pull request status.</summary>
public sealed record GitStatusContext
{
    public required string Name { get; init; }
    public string? Genre { get; init; }
}
