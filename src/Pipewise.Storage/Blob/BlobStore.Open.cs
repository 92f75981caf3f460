using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>Opening a <see cref="BlobStore"/>: by connection string, SAS URL or Azure.Identity credential.</summary>
public sealed partial class BlobStore
{
    /// <summary>The SDK client options every blob store uses: the SDK's own retries off (Polly retries), a per-attempt timeout.</summary>
    public static BlobClientOptions ClientOptions(BlobStoreOptions? options = null)
    {
        options ??= new BlobStoreOptions();
        var o = new BlobClientOptions();
        o.Retry.MaxRetries = 0;
        o.Retry.NetworkTimeout = options.AttemptTimeout;
        if (options.OnRequest is { } observer)
        {
            o.AddPolicy(new RequestObserverPolicy(observer), HttpPipelinePosition.PerRetry);
        }

        o.Diagnostics.IsLoggingEnabled = false;
        o.Diagnostics.IsDistributedTracingEnabled = false;
        return o;
    }

    /// <summary>A store over a container selected by an account connection string.</summary>
    public static BlobStore FromConnectionString(string connectionString, string containerName, BlobStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ValidateContainerName(containerName);
        BlobContainerClient client;
        try
        {
            client = new BlobContainerClient(connectionString, containerName, ClientOptions(options));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The SDK's message may quote the connection string: do not pass it on.
            throw new ArgumentException("The Azure Storage connection string could not be parsed; expected 'Key=Value;' parts such as 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…' or 'UseDevelopmentStorage=true'.", nameof(connectionString));
        }

        return new BlobStore(client, "connection string", options);
    }

    /// <summary>A store over a container URL that carries a SAS token.</summary>
    public static BlobStore FromSasUrl(Uri containerUrl, BlobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(containerUrl);
        return new BlobStore(CreateContainerClient(containerUrl, null, options), "SAS", options);
    }

    /// <summary>A store over a container URL reached with an Azure.Identity credential (DefaultAzureCredential when null).</summary>
    public static BlobStore FromCredential(Uri containerUrl, TokenCredential? credential = null, BlobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(containerUrl);
        return new BlobStore(CreateContainerClient(containerUrl, credential ?? new DefaultAzureCredential(), options), "Azure identity", options);
    }

    internal static void ValidateContainerName(string name)
    {
        var ok = name is { Length: >= 3 and <= 63 }
            && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!ok)
        {
            throw new ArgumentException($"Container name '{StoreNames.Truncate(name ?? string.Empty)}' is not valid: expected 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.", nameof(name));
        }
    }

    private static BlobContainerClient CreateContainerClient(Uri containerUrl, TokenCredential? credential, BlobStoreOptions? options)
    {
        try
        {
            return credential is null
                ? new BlobContainerClient(containerUrl, ClientOptions(options))
                : new BlobContainerClient(containerUrl, credential, ClientOptions(options));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"The container URL '{Secrets.DescribeUrl(containerUrl)}' is not valid: {Secrets.Redact(BlobFaults.FirstLine(ex.Message))}", nameof(containerUrl));
        }
    }
}
