namespace Pipewise.Core.Storage;

/// <summary>
/// The model registry: immutable versions of a model's files (<c>models/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>)
/// and a <c>current</c> pointer moved with If-Match. Names, versions and files follow
/// <see cref="StoreNames.ValidateModelSegment"/>.
/// </summary>
public interface IModelStore
{
    /// <summary>
    /// Stores the files of one model version (<c>models/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>). Versions are immutable:
    /// storing identical bytes again does nothing, different bytes throw <see cref="InvalidOperationException"/>.
    /// </summary>
    Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads one file of a model version; null when absent.</summary>
    Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default);

    /// <summary>The stored versions of a model, in no particular order.</summary>
    Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>The version the <c>current</c> pointer names, with its ETag; null when none is set.</summary>
    Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the <c>current</c> pointer with If-Match semantics like <see cref="IDocumentStore.PutDocumentAsync"/>;
    /// the version must have at least one stored file (<see cref="ArgumentException"/> otherwise).
    /// </summary>
    Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default);
}
