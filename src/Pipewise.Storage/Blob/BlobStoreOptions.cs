namespace Pipewise.Storage;

/// <summary>Retry and behaviour settings of <see cref="BlobStore"/>.</summary>
public sealed record BlobStoreOptions
{
    /// <summary>
    /// The longest one store operation may take, all retries of transient faults (timeouts, 5xx, 429,
    /// connection failures) included. Afterwards it fails with <see cref="Core.Storage.StoreUnavailableException"/>.
    /// </summary>
    public TimeSpan MaxRetryTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of one HTTP attempt (the Azure SDK's own retries are switched off).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry delay; later ones grow exponentially with jitter up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Create the container when it does not exist (needs rights to do so; a container SAS has none).</summary>
    public bool CreateContainer { get; init; } = true;

    /// <summary>How many blobs are downloaded at once when reading runs.</summary>
    public int ReadParallelism { get; init; } = 16;

    /// <summary>Sizes of the run log's segments (ADR 0011).</summary>
    public SegmentOptions Segments { get; init; } = new();

    /// <summary>Called with "METHOD path" for every HTTP request sent (tests count requests with it). Never sees headers or query.</summary>
    public Action<string>? OnRequest { get; init; }

    /// <summary>The time source of the retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
