using Azure.Storage.Blobs.Models;

namespace Pipewise.Storage;

/// <summary>One page of a blob listing at a time, flat or by hierarchy ('/' delimiter).</summary>
internal sealed class BlobListing(BlobRequests requests)
{
    /// <summary>The largest page the service returns.</summary>
    public const int MaxPage = 5000;

    /// <summary>Blob names under a prefix, in name order; the continuation is null on the last page.</summary>
    public Task<(List<string> Names, string? Continuation)> PageAsync(string prefix, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        requests.RunAsync("list", prefix.Length == 0 ? "/" : prefix, async ct =>
        {
            await foreach (var page in requests.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                return (page.Values.Select(b => b.Name).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }

            return (new List<string>(), (string?)null);
        }, cancellationToken);

    /// <summary>The blobs and sub-prefixes directly under a prefix; the continuation is null on the last page.</summary>
    public Task<(List<(bool IsPrefix, string Name)> Items, string? Continuation)> HierarchyPageAsync(string operation, string prefix, string? continuation, CancellationToken cancellationToken) =>
        requests.RunAsync(operation, prefix.Length == 0 ? "/" : prefix, async ct =>
        {
            await foreach (var p in requests.Container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, ct).AsPages(continuation, MaxPage).ConfigureAwait(false))
            {
                return (p.Values.Select(i => (i.IsPrefix, Name: i.IsPrefix ? i.Prefix : i.Blob.Name)).ToList(), string.IsNullOrEmpty(p.ContinuationToken) ? null : p.ContinuationToken);
            }

            return ([], (string?)null);
        }, cancellationToken);
}
