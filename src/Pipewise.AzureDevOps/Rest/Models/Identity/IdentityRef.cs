namespace Pipewise.AzureDevOps.Rest;

/// <summary>An identity as the REST API refers to one (a comment's author, the connection's user): its id is the identity GUID.</summary>
public sealed record IdentityRef
{
    public string? Id { get; init; }
    public string? DisplayName { get; init; }
}
