using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>The model registry as blobs: create-only version files, and a <c>current</c> blob moved with If-Match.</summary>
internal sealed class BlobModels(BlobObjects objects, BlobListing listing)
{
    public async Task PutFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = StoreNames.ModelFilePath(model, version, file);
        var data = BinaryData.FromBytes(content);
        if (await objects.CreateIfAbsentAsync(path, data, "application/octet-stream", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var existing = await objects.DownloadOrNullAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing is null || !existing.ToMemory().Span.SequenceEqual(content.Span))
        {
            throw new InvalidOperationException($"Model file '{path}' already exists with different content; model versions are immutable, publish a new version instead.");
        }
    }

    public async Task<byte[]?> GetFileAsync(string model, string version, string file, CancellationToken cancellationToken)
    {
        var data = await objects.DownloadOrNullAsync(StoreNames.ModelFilePath(model, version, file), cancellationToken).ConfigureAwait(false);
        return data?.ToArray();
    }

    public async Task<IReadOnlyList<string>> ListVersionsAsync(string model, CancellationToken cancellationToken)
    {
        var prefix = $"{StoreNames.ModelsRoot}{StoreNames.ValidateModelSegment(model, "name")}/";
        var versions = new List<string>();
        string? continuation = null;
        do
        {
            var (items, next) = await listing.HierarchyPageAsync("list model versions", prefix, continuation, cancellationToken).ConfigureAwait(false);
            versions.AddRange(items.Where(i => i.IsPrefix).Select(i => i.Name[prefix.Length..].TrimEnd('/')));
            continuation = next;
        }
        while (continuation is not null);
        return versions;
    }

    public Task<StoredDocument?> GetCurrentAsync(string model, CancellationToken cancellationToken) =>
        objects.ReadDocumentAsync(StoreNames.ModelCurrentPath(model), cancellationToken);

    public async Task<string> SetCurrentAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = StoreNames.ModelCurrentPath(model);
        StoreNames.ValidateModelSegment(version, "version");
        var (files, _) = await listing.PageAsync(StoreNames.ModelVersionPrefix(model, version), null, 1, cancellationToken).ConfigureAwait(false);
        if (files.Count == 0)
        {
            throw new ArgumentException($"Model '{model}' has no stored version '{version}'; store its files with PutModelFileAsync first.", nameof(version));
        }

        return await objects.WriteDocumentAsync(path, Encoding.UTF8.GetBytes(version), ifMatch, "text/plain", cancellationToken).ConfigureAwait(false);
    }
}
