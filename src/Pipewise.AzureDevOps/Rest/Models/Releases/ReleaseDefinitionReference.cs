namespace Pipewise.AzureDevOps.Rest;

/// <summary>The release pipeline of a release or deployment.</summary>
public sealed record ReleaseDefinitionReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}
