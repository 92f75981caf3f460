namespace Pipewise.AzureDevOps.Rest;

/// <summary>The pipeline (build definition) of a build.</summary>
public sealed record DefinitionReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? Path { get; init; }
    public ProjectReference? Project { get; init; }
}
