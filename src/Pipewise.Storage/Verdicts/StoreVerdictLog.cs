using System.Collections.Concurrent;
using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Verdicts;

/// <summary>
/// <see cref="IVerdictLog"/> over the store's JSON documents (ADR 0015): each verdict is its own create-if-absent
/// document, so writers of distinct verdicts never contend and a verdict written twice is stored once; compaction
/// (<see cref="CompactAsync"/>, run in the background by the gate service) folds them into compacted segments. The
/// one-document log of earlier versions (<c>verdicts/&lt;pipeline&gt;.json</c>) is read until compaction folds it.
/// </summary>
public sealed class StoreVerdictLog : IVerdictLog
{
    public const string Prefix = VerdictPaths.Root;

    /// <summary>What hosts without background work use for <see cref="VerdictLogOptions.CompactEvery"/>: about one append in 32 compacts.</summary>
    public const int CompactEveryInLine = 32;

    private const int ReadAttempts = 3;
    private readonly VerdictDocuments documents;
    private readonly VerdictCompactor compactor;
    private readonly ConcurrentDictionary<string, byte> appended = new(StringComparer.Ordinal);

    public StoreVerdictLog(IDocumentStore store, VerdictLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Options = (options ?? new VerdictLogOptions()).Validated();
        documents = new VerdictDocuments(store, Options.Parallelism);
        compactor = new VerdictCompactor(documents, Options);
    }

    public VerdictLogOptions Options { get; }

    /// <summary>The factory the CLI and the gate service call.</summary>
    public static StoreVerdictLog Create(IDocumentStore store, VerdictLogOptions? options = null) => new(store, options);

    /// <summary>The document of the one-document log of earlier versions: one path segment, whatever the key holds.</summary>
    public static string PathOf(PipelineKey pipeline) => VerdictPaths.Legacy(VerdictPaths.Folder(pipeline));

    /// <summary>The folder of a pipeline's verdicts not compacted yet.</summary>
    public static string EntriesPrefixOf(PipelineKey pipeline) => VerdictPaths.EntriesPrefix(VerdictPaths.Folder(pipeline));

    /// <summary>Where one verdict of a pipeline is written (before compaction).</summary>
    public static string EntryPathOf(PipelineKey pipeline, VerdictRecord record) =>
        VerdictPaths.Entry(VerdictPaths.Folder(pipeline), VerdictPaths.NameOf(record));

    public async Task AppendAsync(PipelineKey pipeline, VerdictRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var folder = VerdictPaths.Folder(pipeline);
        var name = VerdictPaths.NameOf(record);
        appended.TryAdd(folder, 0);
        try
        {
            await documents.Store.PutDocumentAsync(
                VerdictPaths.Entry(folder, name),
                JsonSerializer.SerializeToUtf8Bytes(record, VerdictJsonContext.Default.VerdictRecord),
                ifMatch: null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentConflictException)
        {
            // The same verdict (source, run, attempt and time) is already stored: appending is idempotent.
            return;
        }

        if (Options.CompactEvery > 0 && Convert.ToUInt32(name[^8..], 16) % (uint)Options.CompactEvery == 0)
        {
            try
            {
                await compactor.CompactAsync(folder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or CorruptStoreItemException or IOException)
            {
                // The verdict is stored; compaction is tried again by a later append or the gate service.
            }
        }
    }

    /// <summary>
    /// The most recent verdicts, oldest first: the head, one listing of the uncompacted entries, the newest
    /// <paramref name="count"/> of those, and only the compacted segments that can still hold one of the newest.
    /// </summary>
    public async Task<IReadOnlyList<VerdictRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return [];
        }

        var folder = VerdictPaths.Folder(pipeline);
        for (var attempt = 1; ; attempt++)
        {
            var (found, complete) = await TryReadRecentAsync(folder, count, cancellationToken).ConfigureAwait(false);

            // Incomplete: a compaction committed and deleted what this read had listed; read again from the new head.
            if (complete || attempt == ReadAttempts)
            {
                return [.. found.OrderBy(kv => kv.Key, StringComparer.Ordinal).TakeLast(count).Select(kv => kv.Value)];
            }
        }
    }

    /// <summary>Compacts one pipeline's verdicts now (what the background maintenance does for every pipeline written to).</summary>
    public Task<VerdictCompaction> CompactAsync(PipelineKey pipeline, CancellationToken cancellationToken = default) =>
        compactor.CompactAsync(VerdictPaths.Folder(pipeline), cancellationToken);

    /// <summary>Compacts the pipelines this instance appended to since the last call.</summary>
    public async Task<VerdictCompaction> CompactAppendedAsync(CancellationToken cancellationToken = default)
    {
        var total = VerdictCompaction.None;
        foreach (var folder in appended.Keys.Order(StringComparer.Ordinal))
        {
            appended.TryRemove(folder, out _);
            try
            {
                total += await compactor.CompactAsync(folder, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                appended.TryAdd(folder, 0); // tried again next time
                throw;
            }
        }

        return total;
    }

    /// <summary>
    /// Compacts every pipeline with uncompacted entries or a log of earlier versions, found by one listing of
    /// <c>verdicts/</c>: entries left by other instances that stopped before compacting them.
    /// </summary>
    public async Task<VerdictCompaction> CompactAllAsync(CancellationToken cancellationToken = default)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in await documents.Store.ListDocumentsAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (VerdictPaths.FolderOf(path) is { } folder && (path.Contains("/entries/", StringComparison.Ordinal) || path == VerdictPaths.Legacy(folder)))
            {
                folders.Add(folder);
            }
        }

        var total = VerdictCompaction.None;
        foreach (var folder in folders)
        {
            total += await compactor.CompactAsync(folder, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    private async Task<(Dictionary<string, VerdictRecord> Found, bool Complete)> TryReadRecentAsync(string folder, int count, CancellationToken ct)
    {
        var found = new Dictionary<string, VerdictRecord>(StringComparer.Ordinal);
        var complete = true;
        var (head, _) = await documents.ReadAsync(VerdictPaths.Head(folder), VerdictJsonContext.Default.VerdictLogHead, ct).ConfigureAwait(false);
        var names = await documents.ListEntriesAsync(folder, ct).ConfigureAwait(false);
        foreach (var (name, record) in await documents.ReadEntriesAsync(folder, names.TakeLast(count).ToList(), ct).ConfigureAwait(false))
        {
            if (record is null)
            {
                complete = false;
            }
            else
            {
                found.TryAdd(name, record);
            }
        }

        foreach (var info in (head?.Segments ?? []).OrderByDescending(s => s.Newest, StringComparer.Ordinal))
        {
            if (found.Count >= count && string.CompareOrdinal(info.Newest, NthNewest(found, count)) <= 0)
            {
                break; // this segment and every later one hold only older verdicts
            }

            var (segment, _) = await documents.ReadAsync(VerdictPaths.Compacted(folder, info.Id), VerdictJsonContext.Default.VerdictSegment, ct).ConfigureAwait(false);
            if (segment is null)
            {
                complete = false; // replaced or dropped by a compaction since the head was read
                continue;
            }

            VerdictDocuments.AddAll(found, segment.Verdicts);
        }

        if (head is not { LegacyFolded: true })
        {
            var (legacy, _) = await documents.ReadAsync(VerdictPaths.Legacy(folder), VerdictJsonContext.Default.VerdictLogDocument, ct).ConfigureAwait(false);
            VerdictDocuments.AddAll(found, legacy?.Verdicts ?? []);

            // Never compacted when the head was read: a first compaction may have folded and deleted what was listed.
            if (head is null && await documents.Store.GetDocumentAsync(VerdictPaths.Head(folder), ct).ConfigureAwait(false) is not null)
            {
                complete = false;
            }
        }

        return (found, complete);
    }

    private static string NthNewest(Dictionary<string, VerdictRecord> found, int n) =>
        found.Keys.OrderDescending(StringComparer.Ordinal).ElementAt(n - 1);
}
