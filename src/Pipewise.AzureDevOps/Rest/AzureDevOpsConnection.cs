namespace Pipewise.AzureDevOps.Rest;

/// <summary>Where the organisation lives: the collection URL (build, git, test) and the release (vsrm) URL.</summary>
public sealed record AzureDevOpsConnection
{
    public AzureDevOpsConnection(Uri collectionUri, AzureDevOpsCredential credential, Uri? releaseUri = null)
    {
        ArgumentNullException.ThrowIfNull(collectionUri);
        ArgumentNullException.ThrowIfNull(credential);
        CollectionUri = WithSlash(collectionUri);
        ReleaseUri = releaseUri is null ? ReleaseHostFor(CollectionUri) : WithSlash(releaseUri);
        Credential = credential;
    }

    /// <summary>e.g. <c>https://dev.azure.com/fabrikam/</c> (always ends with a slash).</summary>
    public Uri CollectionUri { get; }

    /// <summary>e.g. <c>https://vsrm.dev.azure.com/fabrikam/</c> (always ends with a slash).</summary>
    public Uri ReleaseUri { get; }

    public AzureDevOpsCredential Credential { get; }

    /// <summary>
    /// The release-management host for a collection: <c>dev.azure.com/{org}</c> → <c>vsrm.dev.azure.com/{org}</c>,
    /// <c>{org}.visualstudio.com</c> → <c>{org}.vsrm.visualstudio.com</c>; any other host (Azure DevOps Server,
    /// a test server) serves releases itself.
    /// </summary>
    public static Uri ReleaseHostFor(Uri collectionUri)
    {
        ArgumentNullException.ThrowIfNull(collectionUri);
        var builder = new UriBuilder(WithSlash(collectionUri));
        var host = builder.Host.ToLowerInvariant();
        if (host == "dev.azure.com")
        {
            builder.Host = "vsrm.dev.azure.com";
        }
        else if (host.EndsWith(".visualstudio.com", StringComparison.Ordinal) && !host.Contains(".vsrm.", StringComparison.Ordinal))
        {
            builder.Host = host[..^".visualstudio.com".Length] + ".vsrm.visualstudio.com";
        }

        return builder.Uri;
    }

    /// <summary>
    /// The organisation name of a collection URL: <c>https://dev.azure.com/fabrikam/</c> → fabrikam,
    /// <c>https://fabrikam.visualstudio.com/</c> → fabrikam, <c>https://tfs.contoso.com/tfs/DefaultCollection/</c> → DefaultCollection.
    /// </summary>
    public static string OrganizationOf(Uri collectionUri)
    {
        ArgumentNullException.ThrowIfNull(collectionUri);
        var segments = collectionUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 0)
        {
            return Uri.UnescapeDataString(segments[^1]);
        }

        var host = collectionUri.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? host[..dot] : host;
    }

    private static Uri WithSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
