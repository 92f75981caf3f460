// Typed models for the parts of the Azure DevOps REST API (7.1) that Pipewise uses, one type per file under Models/.
// Property names follow the REST field names, so that the official Microsoft.TeamFoundationServer.Client types map
// one to one. Enums read case-insensitively; unknown values read as Unknown; "0001-01-01" dates read as null.

namespace Pipewise.AzureDevOps.Rest;

/// <summary>A list response: <c>{"count": N, "value": [...]}</c>, plus the continuation token header when paged.</summary>
public sealed record ListResponse<T>
{
    public int Count { get; init; }
    public IReadOnlyList<T> Value { get; init; } = [];
}
