namespace Pipewise.AzureDevOps.Rest;

/// <summary>A project as builds name it.</summary>
public sealed record ProjectReference
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}
