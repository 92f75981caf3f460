using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>JSON documents as blobs: the service's ETags, If-Match writes, listings that never enter the run log.</summary>
internal sealed class BlobDocuments(BlobObjects objects, BlobListing listing)
{
    public Task<StoredDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        return objects.ReadDocumentAsync(path, cancellationToken);
    }

    public Task<string> PutAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        return objects.WriteDocumentAsync(path, content, ifMatch, "application/json", cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        await objects.DeleteIfExistsAsync("delete document", path, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
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
                var (items, next) = await listing.HierarchyPageAsync("list", prefix, token, cancellationToken).ConfigureAwait(false);
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
                var (page, next) = await listing.PageAsync(listPrefix, continuation, BlobListing.MaxPage, cancellationToken).ConfigureAwait(false);
                continuation = next;
                result.AddRange(page);
            }
            while (continuation is not null);
        }

        return [.. result.Where(n => !n.StartsWith(StoreNames.RunsRoot, StringComparison.Ordinal) && !n.Split('/').Any(s => s.StartsWith('.'))).Order(StringComparer.Ordinal)];
    }
}
