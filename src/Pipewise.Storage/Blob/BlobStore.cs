using Azure.Storage.Blobs;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The store over one Azure Blob Storage container, with the same layout and semantics as
/// <see cref="LocalFolderStore"/>: run records under names that sort newest-first (so the first listing page
/// holds the newest runs), idempotent appends with If-None-Match:* on a key marker, documents with ETag
/// If-Match, and a model registry. Transient faults are retried with Polly within a bounded total time.
/// Opened by the factories in <c>BlobStore.Open.cs</c>; the work is done by <see cref="BlobRunLog"/>,
/// <see cref="BlobRunReader"/>, <see cref="BlobDocuments"/> and <see cref="BlobModels"/> over <see cref="BlobRequests"/>.
/// </summary>
public sealed partial class BlobStore : IPipewiseStore
{
    private readonly BlobRunLog runLog;
    private readonly SegmentLog segmentLog;
    private readonly SegmentReader segmentReader;
    private readonly BlobDocuments documents;
    private readonly BlobModels models;

    internal BlobStore(BlobContainerClient container, string mode, BlobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        options ??= new BlobStoreOptions();
        Description = $"Azure Blob container '{container.Name}' at {Secrets.DescribeUrl(container.Uri)} ({mode})";
        var requests = new BlobRequests(container, options, Description);
        var objects = new BlobObjects(requests);
        var listing = new BlobListing(requests);
        runLog = new BlobRunLog(objects, listing);
        var segments = new BlobSegments(requests, objects, listing, runLog, new BlobRunReader(objects, listing, options));
        segmentLog = new SegmentLog(segments, options.Segments);
        segmentReader = new SegmentReader(segmentLog);
        documents = new BlobDocuments(objects, listing);
        models = new BlobModels(objects, listing);
    }

    public string Description { get; }

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunReading.ValidateForAppend(run);
        return (await segmentLog.AppendAsync(run.Pipeline, [run], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// Appends many runs with few requests (one append per pipeline and <see cref="SegmentOptions.MaxAppendBytes"/>),
    /// idempotent per run key like <see cref="AppendRunAsync"/>. Every run is validated first: when one is invalid,
    /// nothing is stored. Returns how many were new.
    /// </summary>
    public Task<int> AppendRunsAsync(IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken = default) =>
        RunReading.AppendBatchAsync(segmentLog, runs, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        segmentReader.LastAsync(pipeline, count, report, cancellationToken);

    public IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        segmentReader.AllAsync(pipeline, report, cancellationToken);

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => segmentReader.ContainsAsync(key, cancellationToken);

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) => runLog.ListPipelinesAsync(cancellationToken);

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) => documents.GetAsync(path, cancellationToken);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
        documents.PutAsync(path, content, ifMatch, cancellationToken);

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) => documents.DeleteAsync(path, cancellationToken);

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) => documents.ListAsync(prefix, cancellationToken);

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        models.PutFileAsync(model, version, file, content, cancellationToken);

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        models.GetFileAsync(model, version, file, cancellationToken);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => models.ListVersionsAsync(model, cancellationToken);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => models.GetCurrentAsync(model, cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        models.SetCurrentAsync(model, version, ifMatch, cancellationToken);

    /// <inheritdoc cref="BlobFaults.IsTransient"/>
    internal static bool IsTransient(Exception ex) => BlobFaults.IsTransient(ex);
}
