namespace Pipewise.AzureDevOps.Rest;

/// <summary>The environment a deployment went to.</summary>
public sealed record ReleaseEnvironmentReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}
