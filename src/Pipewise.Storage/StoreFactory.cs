using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Opens a store from a user-given spec: a folder path or <c>file:</c> URI (local folder, the default),
/// an Azure Storage connection string, a container URL with a SAS, or a container URL (DefaultAzureCredential).
/// </summary>
/// <remarks>
/// Rules: null or empty → <see cref="DefaultSpec"/> folder; <c>file:</c> URI or a path → local folder; text containing
/// <c>AccountName=</c>, <c>UseDevelopmentStorage=</c> or <c>BlobEndpoint=</c> → connection string, with the container
/// named by a <c>Container=</c> part (default <see cref="DefaultContainer"/>); an <c>https://</c> URL (or
/// <c>http://</c> on a loopback address, for the emulator) with <c>sig=</c> in its query → container URL with SAS;
/// any other <c>https://</c> URL → container URL with DefaultAzureCredential. Opening does no I/O.
/// Errors never quote a SAS signature or an account key.
/// </remarks>
public static class StoreFactory
{
    /// <summary>The default store folder when none is given.</summary>
    public const string DefaultSpec = ".pipewise";

    /// <summary>The container used when a connection string names none.</summary>
    public const string DefaultContainer = "pipewise";

    public static IPipewiseStore Open(string? spec) => Open(spec, null);

    /// <summary>Opens a store; <paramref name="blobOptions"/> tunes retries of blob stores.</summary>
    /// <exception cref="ArgumentException">The spec is not valid (the message says why, without secrets).</exception>
    public static IPipewiseStore Open(string? spec, BlobStoreOptions? blobOptions)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return new LocalFolderStore(DefaultSpec);
        }

        spec = spec.Trim();
        if (IsConnectionString(spec))
        {
            var (connectionString, container) = SplitContainer(spec);
            return BlobStore.FromConnectionString(connectionString, container, blobOptions);
        }

        if (spec.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalFolderStore(FilePath(spec));
        }

        if (spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return OpenUrl(spec, blobOptions);
        }

        var scheme = spec.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            throw new ArgumentException($"Store spec '{Secrets.Redact(spec[..scheme])}://…' has an unsupported scheme; expected a folder path, a file: URI, an Azure Storage connection string or an https:// container URL.", nameof(spec));
        }

        if (spec.Contains(';', StringComparison.Ordinal) && spec.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException("Store spec looks like a connection string but has no AccountName=, BlobEndpoint= or UseDevelopmentStorage= part; expected e.g. 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;Container=pipewise'.", nameof(spec));
        }

        return new LocalFolderStore(spec);
    }

    /// <summary>A description of the spec safe for logs (secrets masked, URL queries dropped).</summary>
    public static string DescribeSpec(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return DefaultSpec;
        }

        spec = spec.Trim();
        if ((spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            && Uri.TryCreate(spec, UriKind.Absolute, out var url))
        {
            return Secrets.DescribeUrl(url);
        }

        return Secrets.Redact(spec);
    }

    private static bool IsConnectionString(string spec) =>
        spec.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
        || spec.Contains("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase)
        || spec.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase);

    private static (string ConnectionString, string Container) SplitContainer(string spec)
    {
        var container = DefaultContainer;
        var parts = new List<string>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals("Container", StringComparison.OrdinalIgnoreCase))
            {
                container = part[(eq + 1)..].Trim();
                continue;
            }

            if (eq <= 0)
            {
                throw new ArgumentException($"The Azure Storage connection string has a part without 'Key=Value' ('{StoreNames.Truncate(Secrets.Redact(part))}' is masked if secret); expected 'Key=Value' parts separated by ';'.", nameof(spec));
            }

            parts.Add(part);
        }

        try
        {
            BlobStore.ValidateContainerName(container);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The connection string's Container= part is not valid: {ex.Message}", nameof(spec));
        }

        return (string.Join(';', parts) + ";", container);
    }

    private static string FilePath(string spec)
    {
        if (Uri.TryCreate(spec, UriKind.Absolute, out var uri) && uri.IsFile)
        {
            return uri.LocalPath;
        }

        // Relative forms such as 'file:.pipewise' or 'file:data/store'.
        var path = spec["file:".Length..];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("Store spec 'file:' names no folder; expected e.g. 'file:///var/pipewise' or 'file:.pipewise'.", nameof(spec));
        }

        return Uri.UnescapeDataString(path);
    }

    private static BlobStore OpenUrl(string spec, BlobStoreOptions? blobOptions)
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
