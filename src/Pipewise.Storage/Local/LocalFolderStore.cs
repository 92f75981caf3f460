using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Polly.Retry;

namespace Pipewise.Storage;

/// <summary>
/// The embedded default store: a folder with the same layout and semantics as the blob store.
/// Every file is written to <c>.tmp/</c> and renamed into place (readers never see half a file);
/// documents use content ETags with compare-and-swap under an OS file lock (safe between threads and
/// processes); each pipeline keeps an append-only index (<c>~index</c>) that is read from its end, so
/// the last N runs are found without listing the history. See docs/adrs/0002-store-layout.md.
/// The work is done by <see cref="LocalRunLog"/>, <see cref="LocalRunReader"/>, <see cref="LocalDocuments"/> and
/// <see cref="LocalModels"/> over <see cref="LocalFiles"/>.
/// </summary>
public sealed class LocalFolderStore : IPipewiseStore
{
    private readonly LocalFiles files;
    private readonly LocalRunLog runLog;
    private readonly LocalSegments segments;
    private readonly SegmentLog segmentLog;
    private readonly SegmentReader segmentReader;
    private readonly LocalDocuments documents;
    private readonly LocalModels models;

    /// <param name="folder">The store folder, created when missing.</param>
    /// <param name="lockTimeout">How long to wait for a lock held by another thread or process. Default 60 s.</param>
    /// <param name="time">The clock of lock waits. Default the system clock.</param>
    /// <param name="random">Random numbers in [0, 1) that spread lock retries. Default Polly's thread-safe randomizer.</param>
    /// <param name="segmentOptions">Sizes of the run log's segments (ADR 0011). Default <see cref="SegmentOptions"/>.</param>
    public LocalFolderStore(string folder, TimeSpan? lockTimeout = null, TimeProvider? time = null, Func<double>? random = null, SegmentOptions? segmentOptions = null)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException("The store folder must be a non-empty path.", nameof(folder));
        }

        var root = Path.GetFullPath(folder);
        if (File.Exists(root))
        {
            throw new ArgumentException($"The store folder '{root}' is a file; expected a folder (it is created when missing).", nameof(folder));
        }

        files = new LocalFiles(root, lockTimeout ?? TimeSpan.FromSeconds(60), time ?? TimeProvider.System, random ?? new RetryStrategyOptions().Randomizer);
        runLog = new LocalRunLog(files);
        segments = new LocalSegments(files, runLog, new LocalRunReader(files));
        segmentLog = new SegmentLog(segments, segmentOptions ?? new SegmentOptions());
        segmentReader = new SegmentReader(segmentLog);
        documents = new LocalDocuments(files);
        models = new LocalModels(files, documents);
    }

    /// <summary>The full path of the store folder.</summary>
    public string Root => files.Root;

    public string Description => $"local folder {Root}";

    /// <summary>How many run-log files (head, segments) were opened for reading: the seam the contract tests count objects with.</summary>
    internal long RunObjectsRead => segments.ObjectsRead;

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunReading.ValidateForAppend(run);
        return (await segmentLog.AppendAsync(run.Pipeline, [run], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc cref="BlobStore.AppendRunsAsync"/>
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

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => models.ListVersionsAsync(model);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => models.GetCurrentAsync(model, cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        models.SetCurrentAsync(model, version, ifMatch, cancellationToken);

    /// <summary>The lock file that guards one document, model file or pipeline run folder.</summary>
    internal string LockPath(string key) => files.LockPath(key);
}
