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
        if (ConnectionStringSpec.Matches(spec))
        {
            var (connectionString, container) = ConnectionStringSpec.Split(spec);
            return BlobStore.FromConnectionString(connectionString, container, blobOptions);
        }

        if (spec.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalFolderStore(FileSpec.PathOf(spec));
        }

        if (spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return ContainerUrlSpec.Open(spec, blobOptions);
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
}
