namespace Pipewise.Core.Storage;

/// <summary>
/// JSON documents (e.g. SARSA Q-tables) at relative paths, written with optimistic concurrency on ETags.
/// Paths follow <see cref="StoreNames.ValidateDocumentPath"/>; <c>runs/</c> is reserved for the run log.
/// </summary>
public interface IDocumentStore
{
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
}
