using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Verdicts;

/// <summary>
/// Folds a pipeline's verdict entries into compacted segments (ADR 0015), safe to run from several instances at once.
/// A round writes segment <c>head.next</c> create-if-absent (only one compaction can), then moves the head to name it
/// with If-Match, and only then deletes the entries and segments it supersedes. So every verdict is, at every moment,
/// in an entry or in a segment the head names (nothing lost), and one already in a named segment is never folded
/// again (nothing doubled); readers de-duplicate by name for the moments when it is in both.
/// </summary>
internal sealed class VerdictCompactor(VerdictDocuments documents, VerdictLogOptions options)
{
    private const int MaxRounds = 64;

    public async Task<VerdictCompaction> CompactAsync(string folder, CancellationToken ct)
    {
        var total = VerdictCompaction.None;
        for (var round = 0; round < MaxRounds; round++)
        {
            var (done, more) = await RoundAsync(folder, ct).ConfigureAwait(false);
            total += done;
            if (!more)
            {
                break;
            }
        }

        return total;
    }

    /// <returns>What the round did, and whether another round has work (more entries, or a race to settle).</returns>
    private async Task<(VerdictCompaction Done, bool More)> RoundAsync(string folder, CancellationToken ct)
    {
        var store = documents.Store;
        var (head, etag) = await documents.ReadAsync(VerdictPaths.Head(folder), VerdictJsonContext.Default.VerdictLogHead, ct).ConfigureAwait(false);
        var names = await documents.ListEntriesAsync(folder, ct).ConfigureAwait(false);
        var legacy = head is { LegacyFolded: true }
            ? null
            : (await documents.ReadAsync(VerdictPaths.Legacy(folder), VerdictJsonContext.Default.VerdictLogDocument, ct).ConfigureAwait(false)).Value;
        if (names.Count == 0 && legacy is null)
        {
            return (VerdictCompaction.None, false);
        }

        var segments = head?.Segments ?? [];
        var batch = names.Take(options.SegmentSize).ToList();

        // What the named segments already hold: entries a compaction committed but had not deleted yet, or a verdict
        // appended again after its entry was folded. Read only the segments whose name range covers an entry.
        var inSegments = new Dictionary<long, HashSet<string>>();
        foreach (var info in segments.Where(s => batch.Any(s.Covers)))
        {
            var (segment, _) = await documents.ReadAsync(VerdictPaths.Compacted(folder, info.Id), VerdictJsonContext.Default.VerdictSegment, ct).ConfigureAwait(false);
            if (segment is null)
            {
                return (VerdictCompaction.None, true); // the head moved since it was read
            }

            inSegments[info.Id] = [.. segment.Verdicts.Select(VerdictPaths.NameOf)];
        }

        var already = batch.Where(n => inSegments.Values.Any(set => set.Contains(n))).ToList();
        var fresh = new SortedDictionary<string, VerdictRecord>(StringComparer.Ordinal);
        foreach (var (name, record) in await documents.ReadEntriesAsync(folder, batch.Except(already).ToList(), ct).ConfigureAwait(false))
        {
            if (record is not null)
            {
                fresh.TryAdd(name, record);
            }
        }

        if (legacy is not null)
        {
            VerdictDocuments.AddAll(fresh, legacy.Verdicts.Where(v => !inSegments.Values.Any(set => set.Contains(VerdictPaths.NameOf(v)))));
        }

        if (fresh.Count == 0 && legacy is null)
        {
            await documents.DeleteAllAsync(already.Select(n => VerdictPaths.Entry(folder, n)), ct).ConfigureAwait(false);
            return (new VerdictCompaction(0, already.Count, 0, 0), names.Count > batch.Count);
        }

        var written = await WriteSegmentAsync(folder, head, segments, fresh, legacy is not null, ct).ConfigureAwait(false);
        if (written is null)
        {
            return (VerdictCompaction.None, false); // another compaction is writing this segment now
        }

        var (segment1, adopted) = written.Value;
        var (next, dropped) = NextHead(folder, segments, segment1);
        try
        {
            await store.PutDocumentAsync(VerdictPaths.Head(folder), JsonSerializer.SerializeToUtf8Bytes(next, VerdictJsonContext.Default.VerdictLogHead), etag, ct).ConfigureAwait(false);
        }
        catch (DocumentConflictException)
        {
            return (VerdictCompaction.None, true); // another compaction committed this segment first
        }

        // Committed: now what it supersedes can go.
        var holds = segment1.Verdicts.Select(VerdictPaths.NameOf).ToHashSet(StringComparer.Ordinal);
        var deleteEntries = batch.Where(n => holds.Contains(n) || already.Contains(n)).ToList();
        var superseded = dropped.Select(s => s.Id).Concat(segment1.Replaces is { } r ? [r] : []);
        await documents.DeleteAllAsync(
            deleteEntries.Select(n => VerdictPaths.Entry(folder, n)).Concat(superseded.Select(id => VerdictPaths.Compacted(folder, id))),
            ct).ConfigureAwait(false);
        if (segment1.FoldsLegacy)
        {
            await store.DeleteDocumentAsync(VerdictPaths.Legacy(folder), ct).ConfigureAwait(false);
        }

        return (new VerdictCompaction(adopted ? 0 : fresh.Count, deleteEntries.Count, adopted ? 0 : 1, adopted ? 1 : 0), true);
    }

    /// <summary>
    /// Writes segment <c>head.next</c>: the last segment's verdicts too when they fit (it replaces it), else the new ones
    /// alone. Null when another compaction wrote it a moment ago; that one, when it is old enough, is adopted instead.
    /// </summary>
    private async Task<(VerdictSegment Segment, bool Adopted)?> WriteSegmentAsync(
        string folder, VerdictLogHead? head, List<VerdictSegmentInfo> segments, SortedDictionary<string, VerdictRecord> fresh, bool foldsLegacy, CancellationToken ct)
    {
        var id = head?.Next ?? 1;
        var path = VerdictPaths.Compacted(folder, id);
        var last = segments.Count > 0 ? segments[^1] : null;
        var verdicts = new SortedDictionary<string, VerdictRecord>(fresh, StringComparer.Ordinal);
        long? replaces = null;
        if (last is not null && last.Count + fresh.Count <= options.SegmentSize)
        {
            var (lastSegment, _) = await documents.ReadAsync(VerdictPaths.Compacted(folder, last.Id), VerdictJsonContext.Default.VerdictSegment, ct).ConfigureAwait(false);
            if (lastSegment is not null)
            {
                VerdictDocuments.AddAll(verdicts, lastSegment.Verdicts);
                replaces = last.Id;
            }
        }

        var segment = new VerdictSegment
        {
            Pipeline = KeyEscaping.Unescape(folder),
            Id = id,
            CreatedAt = options.Time.GetUtcNow(),
            Replaces = replaces,
            FoldsLegacy = foldsLegacy,
            Verdicts = [.. verdicts.Values],
        };
        try
        {
            await documents.Store.PutDocumentAsync(path, JsonSerializer.SerializeToUtf8Bytes(segment, VerdictJsonContext.Default.VerdictSegment), ifMatch: null, ct).ConfigureAwait(false);
            return (segment, false);
        }
        catch (DocumentConflictException)
        {
            var (existing, _) = await documents.ReadAsync(path, VerdictJsonContext.Default.VerdictSegment, ct).ConfigureAwait(false);
            return existing is not null && options.Time.GetUtcNow() - existing.CreatedAt >= options.AdoptAfter ? (existing, true) : null;
        }
    }

    /// <summary>The head that names <paramref name="segment"/>, and the oldest segments it no longer keeps.</summary>
    private (VerdictLogHead Head, List<VerdictSegmentInfo> Dropped) NextHead(string folder, List<VerdictSegmentInfo> segments, VerdictSegment segment)
    {
        var kept = segments.Where(s => s.Id != segment.Replaces).ToList();
        var names = segment.Verdicts.Select(VerdictPaths.NameOf).ToList();
        kept.Add(new VerdictSegmentInfo(segment.Id, names.Count, names.Count == 0 ? string.Empty : names.Min(StringComparer.Ordinal)!, names.Count == 0 ? string.Empty : names.Max(StringComparer.Ordinal)!));
        var dropped = new List<VerdictSegmentInfo>();
        var total = kept.Sum(s => s.Count);
        while (kept.Count > 1 && total - kept[0].Count >= options.Retention)
        {
            total -= kept[0].Count;
            dropped.Add(kept[0]);
            kept.RemoveAt(0);
        }

        var next = new VerdictLogHead
        {
            Pipeline = KeyEscaping.Unescape(folder),
            Next = segment.Id + 1,
            LegacyFolded = true, // folded now, or before, or there was none: this version never writes that document
            Segments = kept,
        };
        return (next, dropped);
    }
}
