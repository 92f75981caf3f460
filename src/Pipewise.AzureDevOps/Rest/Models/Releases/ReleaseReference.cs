namespace Pipewise.AzureDevOps.Rest;

/// <summary>The release of a deployment.</summary>
public sealed record ReleaseReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}
