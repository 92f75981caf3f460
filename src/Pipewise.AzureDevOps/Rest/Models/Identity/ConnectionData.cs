namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// <c>GET {collection}/_apis/connectionData</c>: who the token is. <c>authenticatedUser.id</c> is the identity GUID
/// that the token's comments carry as <c>author.id</c> (for System.AccessToken, the build service identity).
/// </summary>
public sealed record ConnectionData
{
    public IdentityRef? AuthenticatedUser { get; init; }
}
