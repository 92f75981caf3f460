using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// A store spec that is a container URL: <c>https://</c> (or <c>http://</c> on a loopback address, for the emulator),
/// path-style for the emulator and IP addresses, with a SAS query or none.
/// </summary>
internal static class ContainerUrlSpec
{
    /// <summary>The blob store of a container URL: with a SAS when its query signs it, else signed in with Azure identity.</summary>
    /// <exception cref="ArgumentException">The URL is not a valid container URL (the message never quotes the signature).</exception>
    public static BlobStore Open(string spec, BlobStoreOptions? blobOptions)
    {
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            var cut = spec.IndexOf('?', StringComparison.Ordinal);
            var shown = cut < 0 ? Secrets.Redact(spec) : Secrets.Redact(spec[..cut]) + "?<query hidden>";
            throw new ArgumentException($"Store spec '{StoreNames.Truncate(shown)}' is not a valid URL; expected 'https://<account>.blob.core.windows.net/<container>' optionally followed by a SAS query.", nameof(spec));
        }

        var shownUrl = Secrets.DescribeUrl(url);
        var loopback = url.IsLoopback;
        if (url.Scheme == Uri.UriSchemeHttp && !loopback)
        {
            throw new ArgumentException($"Store URL '{shownUrl}' uses plain http; only https is allowed (http only for a local emulator on a loopback address).", nameof(spec));
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ArgumentException($"Store URL '{shownUrl}' must not contain a user name or password; use a SAS query or Azure sign-in.", nameof(spec));
        }

        // Path-style URLs (emulator, IP addresses) carry the account as the first segment.
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = loopback || System.Net.IPAddress.TryParse(url.Host, out _);
        var expected = pathStyle ? 2 : 1;
        if (segments.Length != expected)
        {
            throw new ArgumentException(
                $"Store URL '{shownUrl}' must name exactly one container, e.g. " +
                (pathStyle ? "'http://127.0.0.1:10000/devstoreaccount1/pipewise'" : "'https://<account>.blob.core.windows.net/pipewise'") +
                $"; found {(segments.Length < expected ? "no container" : "a path below the container")}.",
                nameof(spec));
        }

        try
        {
            BlobStore.ValidateContainerName(Uri.UnescapeDataString(segments[^1]));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Store URL '{shownUrl}': {ex.Message}", nameof(spec));
        }

        var query = url.Query.TrimStart('?');
        var hasSignature = query.Split('&').Any(p => p.StartsWith("sig=", StringComparison.OrdinalIgnoreCase));
        if (hasSignature)
        {
            return BlobStore.FromSasUrl(url, blobOptions);
        }

        if (query.Length > 0)
        {
            throw new ArgumentException($"Store URL '{shownUrl}' has a query but no SAS signature (sig=); pass the full container SAS URL, or the bare container URL to sign in with Azure identity.", nameof(spec));
        }

        if (url.Scheme == Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Store URL '{shownUrl}' uses plain http without a SAS; Azure identity sign-in needs https.", nameof(spec));
        }

        return BlobStore.FromCredential(url, null, blobOptions);
    }
}
