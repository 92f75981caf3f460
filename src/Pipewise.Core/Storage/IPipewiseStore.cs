using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// The one store Pipewise needs: a run log per pipeline, JSON documents with optimistic concurrency,
/// and a model registry. Implemented over a local folder (the default) and Azure Blob Storage with
/// identical behaviour; the same contract tests run against both.
/// </summary>
public interface IPipewiseStore
{
    /// <summary>A short description for logs and messages, never containing secrets.</summary>
    string Description { get; }

    /// <summary>Stores a run if its key is not stored yet. Returns false when it was already there (nothing changes).</summary>
    Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last <paramref name="count"/> runs of a pipeline in creation order (oldest first), without
    /// listing the pipeline's whole history. Corrupt records are skipped and reported through
    /// <see cref="StoreReadReport"/> when one is given.
    /// </summary>
    Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default);

    /// <summary>Every run of a pipeline in creation order (oldest first), for training and backtests.</summary>
    IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, CancellationToken cancellationToken = default);

    /// <summary>Whether a run with this key is stored.</summary>
    Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default);

    /// <summary>The pipelines that have at least one stored run.</summary>
    Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a document (e.g. <c>agents/pipeline.json</c>); null when absent.</summary>
    Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a document. With <paramref name="ifMatch"/> null the document must not exist yet; otherwise its
    /// current ETag must equal <paramref name="ifMatch"/>. Returns the new ETag.
    /// </summary>
    /// <exception cref="DocumentConflictException">The precondition failed (HTTP 412 / 409).</exception>
    Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document if it exists (used by archive/reset).</summary>
    Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Lists document paths under a prefix (e.g. <c>agents/</c>).</summary>
    Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Stores the files of one model version (<c>models/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>). Versions are immutable.</summary>
    Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads one file of a model version; null when absent.</summary>
    Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default);

    /// <summary>The stored versions of a model, in no particular order.</summary>
    Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>The version the <c>current</c> pointer names, with its ETag; null when none is set.</summary>
    Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Moves the <c>current</c> pointer with If-Match semantics like <see cref="PutDocumentAsync"/>.</summary>
    Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default);
}

/// <summary>A document's bytes and the ETag to pass back as If-Match.</summary>
public sealed record StoredDocument(string Path, byte[] Content, string ETag)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Content);
}

/// <summary>Collects the problems met while reading (corrupt records), so that one bad blob does not hide the rest.</summary>
public sealed class StoreReadReport
{
    private readonly List<string> problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    public void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }
}

/// <summary>An If-Match / If-None-Match precondition failed: somebody else wrote the document first.</summary>
public sealed class DocumentConflictException(string path, Exception? inner = null)
    : Exception($"Document '{path}' was changed by another writer (ETag mismatch).", inner)
{
    public string DocumentPath { get; } = path;
}

/// <summary>A stored item exists but cannot be read as what it should be.</summary>
public sealed class CorruptStoreItemException(string key, string problem, Exception? inner = null)
    : Exception($"Stored item '{key}' is corrupt: {problem}", inner)
{
    public string Key { get; } = key;
}

/// <summary>The store cannot be reached or refused the request for a reason that retrying will not fix.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
