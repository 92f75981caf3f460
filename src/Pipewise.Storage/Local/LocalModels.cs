using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>The model registry as files: create-only version files, and a <c>current</c> file moved like a document.</summary>
internal sealed class LocalModels(LocalFiles files, LocalDocuments documents)
{
    public async Task PutFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = StoreNames.ModelFilePath(model, version, file);
        await using (await files.LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var existing = await LocalFiles.TryReadAsync(files.Full(path), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (existing.AsSpan().SequenceEqual(content.Span))
                {
                    return;
                }

                throw new InvalidOperationException($"Model file '{path}' already exists with different content; model versions are immutable, publish a new version instead.");
            }

            await files.WriteAtomicAsync(files.Full(path), content, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<byte[]?> GetFileAsync(string model, string version, string file, CancellationToken cancellationToken) =>
        LocalFiles.TryReadAsync(files.Full(StoreNames.ModelFilePath(model, version, file)), cancellationToken);

    public Task<IReadOnlyList<string>> ListVersionsAsync(string model)
    {
        var dir = files.Full(StoreNames.ModelsRoot + StoreNames.ValidateModelSegment(model, "name"));
        IReadOnlyList<string> versions = Directory.Exists(dir)
            ? [.. Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>().Where(v => !v.StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(versions);
    }

    public Task<StoredDocument?> GetCurrentAsync(string model, CancellationToken cancellationToken) =>
        documents.ReadAsync(StoreNames.ModelCurrentPath(model), cancellationToken);

    public Task<string> SetCurrentAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = StoreNames.ModelCurrentPath(model);
        StoreNames.ValidateModelSegment(version, "version");
        var versionDir = files.Full(StoreNames.ModelVersionPrefix(model, version).TrimEnd('/'));
        if (!Directory.Exists(versionDir) || !Directory.EnumerateFiles(versionDir).Any())
        {
            throw new ArgumentException($"Model '{model}' has no stored version '{version}'; store its files with PutModelFileAsync first.", nameof(version));
        }

        return documents.WriteAsync(path, Encoding.UTF8.GetBytes(version), ifMatch, cancellationToken);
    }
}
