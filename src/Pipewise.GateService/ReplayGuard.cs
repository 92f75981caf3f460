using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.GateService;

/// <summary>
/// Refuses replays (a delivery id seen before, a deployment already reviewed) across restarts and replicas (ADR 0011):
/// each key is a create-if-absent document <c>gate/replays/&lt;sha-256 of the key&gt;.json</c> in the store, so of two
/// service instances on one store only the first to answer a delivery creates it and the other sees a replay. The
/// last N keys are also remembered in memory (the fast path for this instance). When the store cannot be reached the
/// guard falls back to memory alone: the gate then still answers (fail-open), at the risk of reviewing a replay twice.
/// Each document records when it was written; <see cref="SweepAsync"/> (the service's background maintenance) deletes
/// those older than the retention, <see cref="DefaultRetention"/>, longer than GitHub lets a delivery be redelivered.
/// </summary>
internal sealed class ReplayGuard(int capacity, IDocumentStore? store = null, TimeProvider? time = null)
{
    public const string Folder = "gate/replays/";

    /// <summary>7 days: GitHub.com redelivers deliveries of the past 3 days, GitHub Enterprise Server of the past 7.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>The document that records a key (no key text in the path: delivery ids and names are untrusted).</summary>
    public static string DocumentPath(string key) =>
        Folder + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)) + ".json";

    /// <summary>Adds the key; false when it was already there (a replay), here or in the store.</summary>
    public async Task<bool> TryAddAsync(string key, Action<string>? storeFailed = null, CancellationToken cancellationToken = default)
    {
        if (!TryAddLocal(key))
        {
            return false;
        }

        if (store is null)
        {
            return true;
        }

        try
        {
            await store.PutDocumentAsync(DocumentPath(key), ReplayMark.Serialize(clock.GetUtcNow()), null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false; // another instance (or this one before a restart) answered it
        }
        catch (StoreUnavailableException ex)
        {
            storeFailed?.Invoke(ex.Message);
            return true;
        }
    }

    /// <summary>Forgets a key whose request did not complete, so that GitHub's redelivery is answered.</summary>
    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (seen)
        {
            seen.Remove(key);
        }

        if (store is not null)
        {
            try
            {
                await store.DeleteDocumentAsync(DocumentPath(key), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                // The key stays recorded; a redelivery is then refused as a replay, never reviewed twice.
            }
        }
    }

    /// <summary>
    /// Deletes the replay documents written more than <paramref name="retention"/> ago, and those without a time
    /// (written before documents carried one). One listing and one read per document. Returns how many went.
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        if (store is null)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow() - retention;
        var deleted = 0;
        await Parallel.ForEachAsync(
            await store.ListDocumentsAsync(Folder, cancellationToken).ConfigureAwait(false),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (path, ct) =>
            {
                var document = await store.GetDocumentAsync(path, ct).ConfigureAwait(false);
                if (document is not null && (ReplayMark.WrittenAt(document.Content) ?? DateTimeOffset.MinValue) < cutoff)
                {
                    await store.DeleteDocumentAsync(path, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref deleted);
                }
            }).ConfigureAwait(false);
        return deleted;
    }

    private bool TryAddLocal(string key)
    {
        lock (seen)
        {
            if (!seen.Add(key))
            {
                return false;
            }

            order.Enqueue(key);
            while (order.Count > Math.Max(1, capacity))
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
