using System.Collections.Concurrent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Appends to the v2 run log of a pipeline (ADR 0011), the same algorithm on both stores over an
/// <see cref="ISegmentBackend"/>: a run is new if its key is in neither the open segment, nor a sealed segment whose
/// name range covers its record name, nor (for an upgraded pipeline) the v1 key markers; it is then appended to the
/// open segment on the condition that the segment is still at the length the check saw, so two writers never both
/// store a run. A segment whose complete lines reach <see cref="SegmentOptions.SealBytes"/> or <see cref="SegmentOptions.SealLines"/> takes no more appends;
/// the next writer compresses it, opens the next one and moves the head with If-Match.
/// </summary>
internal sealed class SegmentLog(ISegmentBackend backend, SegmentOptions options)
{
    private readonly ConcurrentDictionary<string, SegmentState> states = new(StringComparer.Ordinal);

    public ISegmentBackend Backend => backend;

    public SegmentOptions Options => options;

    public SegmentState State(PipelineKey pipeline) => states.GetOrAdd(pipeline.ToString(), _ => new SegmentState());

    /// <summary>Appends runs of one pipeline; for each, whether this call stored it (false: it was already there).</summary>
    public async Task<bool[]> AppendAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken)
    {
        var items = runs.Select(r => (Run: r, Name: StoreNames.RecordName(r), Line: SegmentLines.Format(StoreNames.RecordName(r), RunRecordJson.Serialize(r)))).ToList();
        var result = new bool[items.Count];
        var pending = new List<int>();
        var batchKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (batchKeys.Add(SegmentNames.KeyOf(items[i].Name)))
            {
                pending.Add(i);
            }
        }

        var state = State(pipeline);
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var legacyChecked = false;
            var verified = false;
            for (var round = 0; pending.Count > 0; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (round > 100_000)
                {
                    throw new StoreUnavailableException($"Cannot append to '{SegmentNames.FolderPrefix(pipeline)}': the log kept changing under this writer; try again.");
                }

                if (!await EnsureOpenAsync(state, pipeline, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var head = state.Head!;
                var open = state.Open!;
                if (head.Legacy && !legacyChecked)
                {
                    var keep = new List<int>();
                    foreach (var i in pending)
                    {
                        if (!await backend.LegacyContainsAsync(items[i].Run.Key, cancellationToken).ConfigureAwait(false))
                        {
                            keep.Add(i);
                        }
                    }

                    pending = keep;
                    legacyChecked = true;
                }

                var fresh = new List<int>(pending.Count);
                var knownFromMemory = false;
                foreach (var i in pending)
                {
                    var key = SegmentNames.KeyOf(items[i].Name);
                    if (open.Keys.Contains(key))
                    {
                        knownFromMemory = true;
                    }
                    else if (!await InSealedAsync(state, pipeline, head, items[i].Name, key, cancellationToken).ConfigureAwait(false))
                    {
                        fresh.Add(i);
                    }
                }

                if (knownFromMemory && !verified)
                {
                    // "Already stored" is only said after the open segment was seen as it is now (one request): the
                    // memory of an earlier call must not hide a segment that was replaced or rolled back meanwhile.
                    verified = true;
                    await RefreshOpenAsync(state, pipeline, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                pending = fresh;
                if (pending.Count == 0)
                {
                    break;
                }

                if (IsFull(open.Position, open.Lines))
                {
                    await SealAsync(state, pipeline, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // A batch fills the open segment up to its seal size (at least one run), so segments stay about that size.
                var chunk = new List<int>();
                var bytes = 0L;
                var room = Math.Min(options.MaxAppendBytes, options.SealBytes - open.Position);
                var lineRoom = options.SealLines - open.Lines;
                foreach (var i in pending)
                {
                    if (chunk.Count > 0 && (bytes + items[i].Line.Length > room || chunk.Count >= lineRoom))
                    {
                        break;
                    }

                    chunk.Add(i);
                    bytes += items[i].Line.Length;
                }

                var data = new byte[bytes];
                var at = 0;
                foreach (var i in chunk)
                {
                    items[i].Line.CopyTo(data, at);
                    at += items[i].Line.Length;
                }

                var (outcome, newPosition) = await backend.AppendOpenAsync(pipeline, open.Id, open.Position, open.Tail, data, cancellationToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case AppendOutcome.Appended:
                        open.Lines += chunk.Count + (open.Tail > 0 && newPosition > open.Position + open.Tail + bytes ? 1 : 0);
                        open.Position = newPosition;
                        open.Tail = 0;
                        foreach (var i in chunk)
                        {
                            open.Keys.Add(SegmentNames.KeyOf(items[i].Name));
                            result[i] = true;
                        }

                        var done = chunk.ToHashSet();
                        pending.RemoveAll(done.Contains);
                        break;
                    case AppendOutcome.PositionMovedOnRetry:
                        // The first attempt's answer was lost and another request may have landed it: runs of this
                        // chunk that are now in the segment count as ours (rarely, a concurrent writer's).
                        var before = open.Keys.ToHashSet(StringComparer.Ordinal);
                        await RefreshOpenAsync(state, pipeline, cancellationToken).ConfigureAwait(false);
                        foreach (var i in chunk)
                        {
                            var key = SegmentNames.KeyOf(items[i].Name);
                            if (state.Open is { } now && now.Keys.Contains(key) && !before.Contains(key))
                            {
                                result[i] = true;
                            }
                        }

                        var landed = chunk.Where(i => result[i]).ToHashSet();
                        pending.RemoveAll(landed.Contains);
                        break;
                    case AppendOutcome.PositionMoved:
                        await RefreshOpenAsync(state, pipeline, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        state.Reset();
                        break;
                }
            }
        }
        finally
        {
            state.Gate.Release();
        }

        return result;
    }

    /// <summary>
    /// Whether an open segment takes no more appends: decided from its complete lines only, which every writer sees
    /// exactly when its conditional append succeeds, so all writers agree and a full segment never changes again.
    /// </summary>
    private bool IsFull(long completeBytes, int completeLines) => completeBytes >= options.SealBytes || completeLines >= options.SealLines;

    /// <summary>Makes sure the state holds the head and the open segment it names; false when they moved (call again).</summary>
    public async Task<bool> EnsureOpenAsync(SegmentState state, PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var freshHead = false;
        if (state.Head is null)
        {
            var (head, etag) = await backend.ReadHeadAsync(pipeline, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                (head, etag) = await CreateHeadAsync(pipeline, cancellationToken).ConfigureAwait(false);
            }

            state.Head = head;
            state.ETag = etag;
            state.Open = null;
            freshHead = true;
        }

        if (state.Open is { } open && open.Id == state.Head!.Open)
        {
            return true;
        }

        var data = await backend.ReadOpenAsync(pipeline, state.Head!.Open, 0, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            if (freshHead)
            {
                // The head names a segment that is not there (removed by hand?): open it again rather than stall.
                await backend.CreateOpenAsync(pipeline, state.Head.Open, cancellationToken).ConfigureAwait(false);
            }

            state.Reset();
            return false;
        }

        var segment = new OpenSegment(state.Head.Open);
        segment.Absorb(data);
        state.Open = segment;
        return true;
    }

    private async Task<(SegmentHead? Head, string? ETag)> CreateHeadAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var legacy = await backend.HasLegacyAsync(pipeline, cancellationToken).ConfigureAwait(false);
        await backend.CreateOpenAsync(pipeline, 0, cancellationToken).ConfigureAwait(false);
        await backend.OnPipelineCreatedAsync(pipeline, cancellationToken).ConfigureAwait(false);
        var head = new SegmentHead { Open = 0, Legacy = legacy };
        var etag = await backend.WriteHeadAsync(pipeline, head, null, cancellationToken).ConfigureAwait(false);
        return etag is null ? await backend.ReadHeadAsync(pipeline, cancellationToken).ConfigureAwait(false) : (head, etag);
    }

    private async Task RefreshOpenAsync(SegmentState state, PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var open = state.Open!;
        var data = await backend.ReadOpenAsync(pipeline, open.Id, open.Position, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            state.Reset();
            return;
        }

        open.Absorb(data);
    }

    private async Task<bool> InSealedAsync(SegmentState state, PipelineKey pipeline, SegmentHead head, string name, string key, CancellationToken cancellationToken)
    {
        foreach (var s in head.Sealed)
        {
            if (string.CompareOrdinal(s.Newest, name) <= 0 && string.CompareOrdinal(name, s.Oldest) <= 0
                && (await SealedKeysAsync(state, pipeline, s.Id, cancellationToken).ConfigureAwait(false)).Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<HashSet<string>> SealedKeysAsync(SegmentState state, PipelineKey pipeline, long id, CancellationToken cancellationToken)
    {
        if (state.SealedKeys.TryGetValue(id, out var keys))
        {
            return keys;
        }

        keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in await ReadSealedAsync(pipeline, id, null, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(SegmentNames.KeyOf(e.Name));
        }

        if (state.SealedKeys.Count >= 64)
        {
            state.SealedKeys.Clear();
        }

        state.SealedKeys[id] = keys;
        return keys;
    }

    /// <summary>The entries of a sealed segment; a missing or damaged one is reported and reads as empty.</summary>
    public async Task<List<SegmentLines.Entry>> ReadSealedAsync(PipelineKey pipeline, long id, StoreReadReport? report, CancellationToken cancellationToken)
    {
        var where = SegmentNames.Sealed(pipeline, id);
        var entries = new List<SegmentLines.Entry>();
        var compressed = await backend.ReadSealedAsync(pipeline, id, cancellationToken).ConfigureAwait(false);
        if (compressed is null)
        {
            report?.Add(new CorruptStoreItemException(where, "named by the head but missing; its runs cannot be read").Message);
            return entries;
        }

        try
        {
            SegmentLines.Parse(SegmentLines.Decompress(compressed, where), id, 0, where, entries, report);
        }
        catch (CorruptStoreItemException ex)
        {
            report?.Add(ex.Message);
        }

        return entries;
    }

    private async Task SealAsync(SegmentState state, PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var head = state.Head!;
        var id = state.Open!.Id;
        var raw = await backend.ReadOpenAsync(pipeline, id, 0, cancellationToken).ConfigureAwait(false);
        var entries = new List<SegmentLines.Entry>();
        var complete = raw is null ? 0 : SegmentLines.Parse(raw, id, 0, SegmentNames.Open(pipeline, id), entries, null);
        if (raw is null || !IsFull(complete, raw.AsSpan(0, complete).Count((byte)'\n')))
        {
            state.Reset();
            return;
        }

        // A full segment takes no more appends (every writer checks the length it appends at), so this copy is final.
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var content = new MemoryStream(complete);
        string? newest = null;
        string? oldest = null;
        foreach (var e in entries)
        {
            if (!keys.Add(SegmentNames.KeyOf(e.Name)))
            {
                continue;
            }

            content.Write(SegmentLines.Format(e.Name, e.Json.ToArray()));
            newest = newest is null || string.CompareOrdinal(e.Name, newest) < 0 ? e.Name : newest;
            oldest = oldest is null || string.CompareOrdinal(e.Name, oldest) > 0 ? e.Name : oldest;
        }

        var compressed = SegmentLines.Compress(content.ToArray());
        await backend.WriteSealedAsync(pipeline, id, compressed, cancellationToken).ConfigureAwait(false);
        await backend.CreateOpenAsync(pipeline, id + 1, cancellationToken).ConfigureAwait(false);
        var next = head with
        {
            Open = id + 1,
            Sealed = [.. head.Sealed, new SealedSegment(id, keys.Count, newest ?? string.Empty, oldest ?? string.Empty, compressed.Length)],
        };
        var etag = await backend.WriteHeadAsync(pipeline, next, state.ETag, cancellationToken).ConfigureAwait(false);
        if (etag is null)
        {
            state.Reset(); // another writer sealed it first
            return;
        }

        state.Head = next;
        state.ETag = etag;
        state.Open = null;
        state.SealedKeys[id] = keys;
        await backend.DeleteOpenAsync(pipeline, id, cancellationToken).ConfigureAwait(false);
    }
}
