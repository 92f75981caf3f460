using System.Net.Http.Headers;
using System.Text;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>How Pipewise authenticates: the job token (OAuth, sent as Bearer) or a personal access token (Basic).</summary>
public enum AzureDevOpsAuthScheme
{
    /// <summary>The pipeline's job token (System.AccessToken / SystemVssConnection), sent as <c>Bearer</c>.</summary>
    JobToken,

    /// <summary>A personal access token, sent as <c>Basic base64(":" + pat)</c>.</summary>
    PersonalAccessToken,
}

/// <summary>A credential. <see cref="ToString"/> never shows the secret.</summary>
public sealed class AzureDevOpsCredential
{
    public AzureDevOpsCredential(string token, AzureDevOpsAuthScheme scheme)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token.Trim();
        Scheme = scheme;
    }

    public string Token { get; }

    public AzureDevOpsAuthScheme Scheme { get; }

    /// <summary>
    /// Picks the scheme for a token whose kind was not stated: job tokens are JWTs (three dot-separated parts),
    /// personal access tokens are not. <paramref name="declared"/> ("bearer", "oauth", "pat", "basic") wins when given.
    /// </summary>
    public static AzureDevOpsCredential Detect(string token, string? declared = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var scheme = declared?.Trim().ToLowerInvariant() switch
        {
            "bearer" or "oauth" or "jobtoken" or "job-token" => AzureDevOpsAuthScheme.JobToken,
            "pat" or "basic" => AzureDevOpsAuthScheme.PersonalAccessToken,
            _ => token.Trim().Split('.').Length == 3 ? AzureDevOpsAuthScheme.JobToken : AzureDevOpsAuthScheme.PersonalAccessToken,
        };
        return new AzureDevOpsCredential(token, scheme);
    }

    public AuthenticationHeaderValue ToHeader() => Scheme == AzureDevOpsAuthScheme.JobToken
        ? new AuthenticationHeaderValue("Bearer", Token)
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token)));

    /// <summary>A name for messages: "the job token" or "the personal access token".</summary>
    public string Description => Scheme == AzureDevOpsAuthScheme.JobToken ? "the job token (System.AccessToken)" : "the personal access token";

    public override string ToString() => $"{Description} (redacted)";

    /// <summary>Removes the secret (and its Basic form) from a text that might echo it.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text.Replace(Token, "***", StringComparison.Ordinal);
        var basic = ToHeader().Parameter;
        return string.IsNullOrEmpty(basic) ? result : result.Replace(basic, "***", StringComparison.Ordinal);
    }
}

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
