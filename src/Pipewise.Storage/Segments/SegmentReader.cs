using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Reads the v2 run log: last-N reads the head, the open segment and only those sealed segments whose newest record
/// can be among the N newest (with runs appended in order, none or one); all-runs reads every segment. Runs are
/// de-duplicated by key (the first written wins), ordered by record name, and merged with v1 records when the head
/// says the pipeline had them. Corrupt lines are reported with their record key and skipped.
/// </summary>
internal sealed class SegmentReader(SegmentLog log)
{
    private ISegmentBackend Backend => log.Backend;

    public async Task<IReadOnlyList<RunRecord>> LastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var (head, open) = await ReadHeadAndOpenAsync(pipeline, report, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return await Backend.LegacyLastAsync(pipeline, count, report, cancellationToken).ConfigureAwait(false);
        }

        var pool = new Dictionary<string, SegmentLines.Entry>(StringComparer.Ordinal);
        Add(pool, open);
        var remaining = new Queue<SealedSegment>(head.Sealed.OrderBy(s => s.Newest, StringComparer.Ordinal));
        var parsed = new Dictionary<string, RunRecord?>(StringComparer.Ordinal);
        var need = count;
        List<RunRecord> found;
        while (true)
        {
            var best = pool.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            while (remaining.Count > 0 && (best.Count < need || string.CompareOrdinal(remaining.Peek().Newest, best[need - 1].Name) < 0))
            {
                Add(pool, await log.ReadSealedAsync(pipeline, remaining.Dequeue().Id, report, cancellationToken).ConfigureAwait(false));
                best = [.. pool.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];
            }

            found = [];
            foreach (var e in best)
            {
                if (!parsed.TryGetValue(e.Name, out var record))
                {
                    record = SegmentLines.Record(pipeline, e, report);
                    parsed[e.Name] = record;
                }

                if (record is not null && found.Count < count)
                {
                    found.Add(record);
                }
            }

            if (found.Count >= count || remaining.Count == 0)
            {
                break;
            }

            need += count - found.Count; // corrupt lines took places: look one segment further
        }

        if (head.Legacy)
        {
            var legacy = await Backend.LegacyLastAsync(pipeline, count, report, cancellationToken).ConfigureAwait(false);
            found = Merge(found, legacy).Take(count).ToList();
        }

        found.Reverse();
        return found;
    }

    public async IAsyncEnumerable<RunRecord> AllAsync(PipelineKey pipeline, StoreReadReport? report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (head, open) = await ReadHeadAndOpenAsync(pipeline, report, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            await foreach (var r in Backend.LegacyAllAsync(pipeline, report, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }

            yield break;
        }

        var pool = new Dictionary<string, SegmentLines.Entry>(StringComparer.Ordinal);
        foreach (var s in head.Sealed.OrderBy(s => s.Id))
        {
            Add(pool, await log.ReadSealedAsync(pipeline, s.Id, report, cancellationToken).ConfigureAwait(false));
        }

        Add(pool, open);
        var legacy = new List<RunRecord>();
        if (head.Legacy)
        {
            await foreach (var r in Backend.LegacyAllAsync(pipeline, report, cancellationToken).ConfigureAwait(false))
            {
                if (!pool.ContainsKey(SegmentNames.KeyOf(r.Key)))
                {
                    legacy.Add(r);
                }
            }
        }

        // Oldest first: record names sort newest first, so walk them from the largest.
        var ordered = pool.Values.OrderByDescending(e => e.Name, StringComparer.Ordinal).ToList();
        var l = 0;
        foreach (var e in ordered)
        {
            while (l < legacy.Count && string.CompareOrdinal(StoreNames.RecordName(legacy[l]), e.Name) > 0)
            {
                yield return legacy[l++];
            }

            if (SegmentLines.Record(pipeline, e, report) is { } record)
            {
                yield return record;
            }
        }

        while (l < legacy.Count)
        {
            yield return legacy[l++];
        }
    }

    public async Task<bool> ContainsAsync(RunKey key, CancellationToken cancellationToken)
    {
        var pipeline = key.Pipeline;
        var (head, open) = await ReadHeadAndOpenAsync(pipeline, null, cancellationToken).ConfigureAwait(false);
        if (head is null || head.Legacy)
        {
            if (await Backend.LegacyContainsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (head is null)
            {
                return false;
            }
        }

        var wanted = SegmentNames.KeyOf(key);
        if (open.Any(e => SegmentNames.KeyOf(e.Name) == wanted))
        {
            return true;
        }

        var state = log.State(pipeline);
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var s in head.Sealed)
            {
                if ((await log.SealedKeysAsync(state, pipeline, s.Id, cancellationToken).ConfigureAwait(false)).Contains(wanted))
                {
                    return true;
                }
            }
        }
        finally
        {
            state.Gate.Release();
        }

        return false;
    }

    /// <summary>The head and the open segment's entries, read together (again if a seal removed the segment in between).</summary>
    private async Task<(SegmentHead? Head, List<SegmentLines.Entry> Open)> ReadHeadAndOpenAsync(PipelineKey pipeline, StoreReadReport? report, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (head, etag) = await Backend.ReadHeadAsync(pipeline, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return (null, []);
            }

            var data = await Backend.ReadOpenAsync(pipeline, head.Open, 0, cancellationToken).ConfigureAwait(false);
            if (data is null && attempt < 3)
            {
                continue;
            }

            var entries = new List<SegmentLines.Entry>();
            if (data is not null)
            {
                SegmentLines.Parse(data, head.Open, 0, SegmentNames.Open(pipeline, head.Open), entries, report);
                Remember(pipeline, head, etag, data);
            }

            return (head, entries);
        }
    }

    /// <summary>Keeps what was read for the next append in this process (a `pipewise run` reads, then appends).</summary>
    private void Remember(PipelineKey pipeline, SegmentHead head, string? etag, byte[] data)
    {
        var state = log.State(pipeline);
        if (!state.Gate.Wait(0))
        {
            return;
        }

        try
        {
            var open = new OpenSegment(head.Open);
            open.Absorb(data);
            state.Head = head;
            state.ETag = etag;
            state.Open = open;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Adds entries, the first written of a run key winning (segments are added oldest id first).</summary>
    private static void Add(Dictionary<string, SegmentLines.Entry> pool, List<SegmentLines.Entry> entries)
    {
        foreach (var e in entries)
        {
            var key = SegmentNames.KeyOf(e.Name);
            if (!pool.TryGetValue(key, out var existing) || e.Segment < existing.Segment)
            {
                pool[key] = e;
            }
        }
    }

    /// <summary>Newest first, by record name, de-duplicated by key.</summary>
    private static IEnumerable<RunRecord> Merge(List<RunRecord> v2, IReadOnlyList<RunRecord> v1)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in v2.Concat(v1).OrderBy(StoreNames.RecordName, StringComparer.Ordinal))
        {
            if (seen.Add(SegmentNames.KeyOf(r.Key)))
            {
                yield return r;
            }
        }
    }
}
