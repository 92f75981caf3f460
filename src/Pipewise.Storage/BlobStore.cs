using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipewise.Storage;

/// <summary>
/// The store over one Azure Blob Storage container, with the same layout and semantics as
/// <see cref="LocalFolderStore"/>: run records under names that sort newest-first (so the first listing page
/// holds the newest runs), idempotent appends with If-None-Match:* on a key marker, documents with ETag
/// If-Match, and a model registry. Transient faults are retried with Polly within a bounded total time.
/// </summary>
public sealed class BlobStore : IPipewiseStore
{
    private const string WriteIdMetadata = "pipewisewrite";

    /// <summary>Blob only: one empty blob per pipeline, so listing pipelines needs no walk of the run log.</summary>
    private const string PipelineRegistry = "runs/~pipelines/";
    private static readonly ResiliencePropertyKey<string> LastErrorKey = new("pipewise.lastError");
    private readonly BlobContainerClient container;
    private readonly BlobStoreOptions options;
    private readonly ResiliencePipeline pipeline;
    private readonly ConcurrentDictionary<string, bool> registeredPipelines = new(StringComparer.Ordinal);

    internal BlobStore(BlobContainerClient container, string mode, BlobStoreOptions? options = null)
    {
        this.container = container ?? throw new ArgumentNullException(nameof(container));
        this.options = options ?? new BlobStoreOptions();
        Description = $"Azure Blob container '{container.Name}' at {Secrets.DescribeUrl(container.Uri)} ({mode})";
        pipeline = BuildPipeline(this.options);
    }

    public string Description { get; }

    /// <summary>The SDK client options every blob store uses: the SDK's own retries off (Polly retries), a per-attempt timeout.</summary>
    public static BlobClientOptions ClientOptions(BlobStoreOptions? options = null)
    {
        var o = new BlobClientOptions();
        o.Retry.MaxRetries = 0;
        o.Retry.NetworkTimeout = (options ?? new BlobStoreOptions()).AttemptTimeout;
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

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunReading.ValidateForAppend(run);
        var pipelineKey = run.Pipeline;
        await RegisterPipelineAsync(pipelineKey, cancellationToken).ConfigureAwait(false);
        var name = StoreNames.RecordName(run);
        var markerPath = StoreNames.KeyMarkerPath(run.Key);
        var writeId = Guid.NewGuid().ToString("N");

        // The key marker is the idempotence point: created with If-None-Match:*, so of two appends of the same
        // run only one creates it. The record is written after it, also create-only, under a name computed from
        // the run; an append that finds the marker repairs a missing record (a crash between the two writes).
        var created = await CreateIfAbsentAsync(markerPath, BinaryData.FromString(name + "\n" + writeId), "text/plain", cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            var marker = await DownloadOrNullAsync(markerPath, cancellationToken).ConfigureAwait(false);
            var lines = marker is null ? [] : marker.ToString().Split('\n');
            if (lines.Length >= 1 && StoreNames.IsOrderName(lines[0]))
            {
                name = lines[0];
            }

            // Our own earlier attempt whose answer was lost (a retried request) still counts as ours.
            created = lines.Length >= 2 && lines[1] == writeId;
        }

        await CreateIfAbsentAsync(StoreNames.RecordPath(pipelineKey, name), BinaryData.FromBytes(RunRecordJson.Serialize(run)), "application/json", cancellationToken).ConfigureAwait(false);
        return created;
    }

    public async Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return [];
        }

        var prefix = StoreNames.PipelinePrefix(pipeline);
        var found = new List<RunRecord>(count);
        string? continuation = null;
        var end = false;
        while (!end && found.Count < count)
        {
            // Names sort newest first, so the first page of the listing holds the newest runs.
            var pageSize = Math.Clamp(count - found.Count + 4, 1, 5000);
            var (names, next) = await ListPageAsync(prefix, continuation, pageSize, cancellationToken).ConfigureAwait(false);
            continuation = next;
            var records = new List<string>();
            foreach (var blobName in names)
            {
                var relative = blobName[prefix.Length..];
                if (relative.Length == 0 || !char.IsAsciiDigit(relative[0]))
                {
                    end = true; // past the records ('~keys/' sorts after digits)
                    break;
                }

                if (StoreNames.IsRecordName(relative))
                {
                    records.Add(blobName);
                }
            }

            var read = await ReadRecordsAsync(records, report, cancellationToken).ConfigureAwait(false);
            foreach (var record in read)
            {
                if (record is not null && found.Count < count)
                {
                    found.Add(record);
                }
            }

            end |= continuation is null;
        }

        found.Reverse();
        return found;
    }

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        var names = new List<string>();
        string? continuation = null;
        do
        {
            var (page, next) = await ListPageAsync(prefix, continuation, 5000, cancellationToken).ConfigureAwait(false);
            continuation = next;
            foreach (var blobName in page)
            {
                var relative = blobName[prefix.Length..];
                if (relative.Length == 0 || !char.IsAsciiDigit(relative[0]))
                {
                    continuation = null;
                    break;
                }

                if (StoreNames.IsRecordName(relative))
                {
                    names.Add(blobName);
                }
            }
        }
        while (continuation is not null);

        names.Reverse(); // oldest first
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<RunRecord?>>();
        var nextIndex = 0;
        try
        {
            while (nextIndex < names.Count || window.Count > 0)
            {
                while (window.Count < Math.Max(1, options.ReadParallelism) && nextIndex < names.Count)
                {
                    window.Enqueue(ReadRecordAsync(names[nextIndex++], report, stop.Token));
                }

                var record = await window.Dequeue().ConfigureAwait(false);
                if (record is not null)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in window)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or StoreUnavailableException)
                {
                    // Abandoned reads of a consumer that stopped early.
                }
            }
        }
    }

    public async Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default)
    {
        var marker = await DownloadOrNullAsync(StoreNames.KeyMarkerPath(key), cancellationToken).ConfigureAwait(false);
        var name = marker?.ToString().Split('\n')[0];
        if (name is null || !StoreNames.IsOrderName(name))
        {
            return false;
        }

        var path = StoreNames.RecordPath(key.Pipeline, name);
        return await RunAsync("check run", path, async ct =>
        {
            var exists = await container.GetBlobClient(path).ExistsAsync(ct).ConfigureAwait(false);
            return exists.Value;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<PipelineKey>();
        string? continuation = null;
        do
        {
            var (page, next) = await ListPageAsync(PipelineRegistry, continuation, 5000, cancellationToken).ConfigureAwait(false);
            continuation = next;
            foreach (var blobName in page)
            {
                if (PipelineKey.TryParse(blobName[PipelineRegistry.Length..], out var key))
                {
                    result.Add(key);
                }
            }
        }
        while (continuation is not null);
        return result;
    }

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        return GetCoreAsync(path, cancellationToken);
    }

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        return PutCoreAsync(path, content, ifMatch, "application/json", cancellationToken);
    }

    public async Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        await RunAsync("delete document", path, async ct =>
        {
            await container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidatePrefix(prefix);
        var result = new List<string>();
        var prefixes = new List<string>();
        if (StoreNames.RunsRoot.StartsWith(prefix, StringComparison.Ordinal))
        {
            // The prefix would take in the run log: list the top level by hierarchy and skip 'runs/' entirely.
            string? token = null;
            do
            {
                var (items, next) = await RunAsync("list", prefix.Length == 0 ? "/" : prefix, async ct =>
                {
                    await foreach (var p in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, ct).AsPages(token, 5000).ConfigureAwait(false))
                    {
                        return (p.Values.Select(i => (i.IsPrefix, Name: i.IsPrefix ? i.Prefix : i.Blob.Name)).ToList(), string.IsNullOrEmpty(p.ContinuationToken) ? null : p.ContinuationToken);
                    }

                    return ([], (string?)null);
                }, cancellationToken).ConfigureAwait(false);
                token = next;
                foreach (var (isPrefix, name) in items)
                {
                    if (!isPrefix)
                    {
                        result.Add(name);
                    }
                    else if (name != StoreNames.RunsRoot)
                    {
                        prefixes.Add(name);
                    }
                }
            }
            while (token is not null);
        }
        else
        {
            prefixes.Add(prefix);
        }

        foreach (var listPrefix in prefixes)
        {
            string? continuation = null;
            do
            {
                var (page, next) = await ListPageAsync(listPrefix, continuation, 5000, cancellationToken).ConfigureAwait(false);
                continuation = next;
                result.AddRange(page);
            }
            while (continuation is not null);
        }

        return [.. result.Where(n => !n.StartsWith(StoreNames.RunsRoot, StringComparison.Ordinal) && !n.Split('/').Any(s => s.StartsWith('.'))).Order(StringComparer.Ordinal)];
    }

    public async Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = StoreNames.ModelFilePath(model, version, file);
        var data = BinaryData.FromBytes(content);
        if (await CreateIfAbsentAsync(path, data, "application/octet-stream", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var existing = await DownloadOrNullAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing is null || !existing.ToMemory().Span.SequenceEqual(content.Span))
        {
            throw new InvalidOperationException($"Model file '{path}' already exists with different content; model versions are immutable, publish a new version instead.");
        }
    }

    public async Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default)
    {
        var data = await DownloadOrNullAsync(StoreNames.ModelFilePath(model, version, file), cancellationToken).ConfigureAwait(false);
        return data?.ToArray();
    }

    public async Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        var prefix = $"models/{StoreNames.ValidateModelSegment(model, "name")}/";
        var versions = new List<string>();
        string? continuation = null;
        do
        {
            var (page, next) = await RunAsync("list model versions", prefix, async ct =>
            {
                var options = new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" };
                await foreach (var p in container.GetBlobsByHierarchyAsync(options, ct).AsPages(continuation, 5000).ConfigureAwait(false))
                {
                    return (p.Values.Where(i => i.IsPrefix).Select(i => i.Prefix[prefix.Length..].TrimEnd('/')).ToList(), p.ContinuationToken);
                }

                return (new List<string>(), (string?)null);
            }, cancellationToken).ConfigureAwait(false);
            versions.AddRange(page);
            continuation = string.IsNullOrEmpty(next) ? null : next;
        }
        while (continuation is not null);
        return versions;
    }

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        GetCoreAsync(StoreNames.ModelCurrentPath(model), cancellationToken);

    public async Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var path = StoreNames.ModelCurrentPath(model);
        StoreNames.ValidateModelSegment(version, "version");
        var (files, _) = await ListPageAsync($"models/{model}/{version}/", null, 1, cancellationToken).ConfigureAwait(false);
        if (files.Count == 0)
        {
            throw new ArgumentException($"Model '{model}' has no stored version '{version}'; store its files with PutModelFileAsync first.", nameof(version));
        }

        return await PutCoreAsync(path, System.Text.Encoding.UTF8.GetBytes(version), ifMatch, "text/plain", cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredDocument?> GetCoreAsync(string path, CancellationToken cancellationToken) =>
        await RunAsync("read", path, async ct =>
        {
            try
            {
                var response = await container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false);
                return new StoredDocument(path, response.Value.Content.ToArray(), response.Value.Details.ETag.ToString());
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);

    private async Task<string> PutCoreAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, string contentType, CancellationToken cancellationToken)
    {
        var writeId = Guid.NewGuid().ToString("N");
        var data = BinaryData.FromBytes(content);
        var attempts = 0;
        return await RunAsync("write", path, async ct =>
        {
            attempts++;
            var blob = container.GetBlobClient(path);
            var upload = new BlobUploadOptions
            {
                Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
                Metadata = new Dictionary<string, string> { [WriteIdMetadata] = writeId },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            };
            try
            {
                var response = await blob.UploadAsync(data, upload, ct).ConfigureAwait(false);
                return response.Value.ETag.ToString();
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (attempts > 1)
                {
                    // A retry after a lost answer: if the blob carries our write id, our write did land.
                    try
                    {
                        var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
                        if (properties.Value.Metadata.TryGetValue(WriteIdMetadata, out var id) && id == writeId)
                        {
                            return properties.Value.ETag.ToString();
                        }
                    }
                    catch (RequestFailedException notFound) when (notFound.Status == 404)
                    {
                    }
                }

                throw new DocumentConflictException(path, ex);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a blob only if it does not exist; false when it already existed.</summary>
    private Task<bool> CreateIfAbsentAsync(string path, BinaryData data, string contentType, CancellationToken cancellationToken) =>
        RunAsync("write", path, async ct =>
        {
            try
            {
                var upload = new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                };
                await container.GetBlobClient(path).UploadAsync(data, upload, ct).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode != BlobErrorCode.ContainerBeingDeleted)
            {
                return false;
            }
        }, cancellationToken);

    private Task<BinaryData?> DownloadOrNullAsync(string path, CancellationToken cancellationToken) =>
        RunAsync("read", path, async ct =>
        {
            try
            {
                var response = await container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false);
                return response.Value.Content;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        }, cancellationToken);

    private async Task<RunRecord?> ReadRecordAsync(string path, StoreReadReport? report, CancellationToken cancellationToken)
    {
        var data = await DownloadOrNullAsync(path, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            RunReading.ReportMissing(path, report);
            return null;
        }

        return RunReading.Parse(data.ToMemory().Span, path, report);
    }

    private async Task<IReadOnlyList<RunRecord?>> ReadRecordsAsync(IReadOnlyList<string> paths, StoreReadReport? report, CancellationToken cancellationToken)
    {
        using var throttle = new SemaphoreSlim(Math.Max(1, options.ReadParallelism));
        var tasks = paths.Select(async path =>
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReadRecordAsync(path, report, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                throttle.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private Task<(List<string> Names, string? Continuation)> ListPageAsync(string prefix, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        RunAsync("list", prefix.Length == 0 ? "/" : prefix, async ct =>
        {
            await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                return (page.Values.Select(b => b.Name).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }

            return (new List<string>(), (string?)null);
        }, cancellationToken);

    private async Task RegisterPipelineAsync(PipelineKey pipelineKey, CancellationToken cancellationToken)
    {
        var segments = StoreNames.PipelineSegments(pipelineKey);
        if (registeredPipelines.ContainsKey(segments))
        {
            return;
        }

        await CreateIfAbsentAsync(PipelineRegistry + segments, BinaryData.Empty, "text/plain", cancellationToken).ConfigureAwait(false);
        registeredPipelines.TryAdd(segments, true);
    }

    /// <summary>
    /// Runs one request under the retry pipeline and turns failures into the store's exceptions: transient faults
    /// are retried until <see cref="BlobStoreOptions.MaxRetryTime"/>; a missing container is created once when
    /// allowed; anything else fails fast with <see cref="StoreUnavailableException"/>. Messages never hold secrets.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var createdContainer = false;
        while (true)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                return await pipeline.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false), context, action).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound && options.CreateContainer && !createdContainer)
            {
                createdContainer = true;
                await CreateContainerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': the container does not exist in {Description}" + (options.CreateContainer ? " and could not be created." : " (creating it is switched off)."));
            }
            catch (RequestFailedException ex) when (ex.Status is 401 or 403)
            {
                // No inner exception: the service's answer can quote the request it refused.
                throw new StoreUnavailableException($"Cannot {operation} '{key}': access denied by {Description} (HTTP {ex.Status} {ex.ErrorCode}). Check that the SAS is valid, not expired and has read/write/list/create permissions, or that the identity has the 'Storage Blob Data Contributor' role.");
            }
            catch (RequestFailedException ex)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}' in {Description}: HTTP {ex.Status} {ex.ErrorCode}: {Secrets.Redact(FirstLine(ex.Message))}", ex);
            }
            catch (TimeoutRejectedException ex)
            {
                context.Properties.TryGetValue(LastErrorKey, out var last);
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {Description} did not answer successfully within {options.MaxRetryTime.TotalSeconds:0.#} s of retries (last error: {last ?? "timeout"}).", ex);
            }
            catch (AuthenticationFailedException ex)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': no Azure credential could get a token for {Description}: {Secrets.Redact(FirstLine(ex.Message))}. Sign in (az login), set a managed identity, or use a SAS URL or connection string.");
            }
            catch (Exception ex) when (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                context.Properties.TryGetValue(LastErrorKey, out var last);
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {Description} timed out (last error: {last ?? "timeout"}).", ex);
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {Description} is unreachable: {Secrets.Redact(FirstLine(ex.Message))}", ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(static async (ctx, c) => await c.CreateIfNotExistsAsync(cancellationToken: ctx.CancellationToken).ConfigureAwait(false), context, container).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new StoreUnavailableException($"The container does not exist in {Description} and could not be created (HTTP {ex.Status} {ex.ErrorCode}); create it, or use credentials that may create containers.");
        }
        catch (TimeoutRejectedException ex)
        {
            throw new StoreUnavailableException($"The container does not exist in {Description} and creating it timed out after {options.MaxRetryTime.TotalSeconds:0.#} s.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline BuildPipeline(BlobStoreOptions options) =>
        new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.MaxRetryTime })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && IsTransient(ex)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    args.Context.Properties.Set(LastErrorKey, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Timeouts, throttling (429), server errors (5xx) and connection failures are worth retrying.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        // The SDK reports its per-attempt network timeout as a TaskCanceledException; the retry strategy only asks
        // when the caller's (and the total-time) token is not cancelled, so any other cancellation is that timeout.
        OperationCanceledException => true,
        _ => false,
    };

    private static string Describe(Exception? ex) => ex switch
    {
        null => "unknown",
        RequestFailedException { Status: 0 } r => Secrets.Redact(FirstLine(r.InnerException?.Message ?? r.Message)),
        RequestFailedException r => $"HTTP {r.Status} {r.ErrorCode}",
        _ => Secrets.Redact(FirstLine(ex.Message)),
    };

    private static string FirstLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return cut < 0 ? message : message[..cut];
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
            throw new ArgumentException($"The container URL '{Secrets.DescribeUrl(containerUrl)}' is not valid: {Secrets.Redact(FirstLine(ex.Message))}", nameof(containerUrl));
        }
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
}
