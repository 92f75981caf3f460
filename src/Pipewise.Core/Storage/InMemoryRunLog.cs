using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// The run log of <see cref="InMemoryStore"/>: per pipeline, records under their <see cref="StoreNames.RecordName"/>
/// (ordinal order is newest first, as in the persistent stores) and key markers that make appends idempotent.
/// </summary>
internal sealed class InMemoryRunLog
{
    private readonly Lock gate = new();
    private readonly Dictionary<PipelineKey, SortedDictionary<string, StoredRun>> pipelines = [];
    private readonly Dictionary<string, string> markers = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return markers.Count;
            }
        }
    }

    public bool Append(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunRecordValidator.ThrowIfInvalid(run, run.Key.ToString());
        RunRecordLimits.ThrowIfExceeded(run);
        var name = StoreNames.RecordName(run);
        var path = StoreNames.RecordPath(run.Pipeline, name);
        var marker = StoreNames.KeyMarkerPath(run.Key);

        // Keep what a persistent store would read back, not the caller's instance.
        var stored = new StoredRun(path, RunRecordJson.Deserialize(RunRecordJson.Serialize(run), path), null);
        lock (gate)
        {
            if (markers.ContainsKey(marker))
            {
                return false;
            }

            Records(run.Pipeline)[name] = stored;
            markers[marker] = name;
            return true;
        }
    }

    public IReadOnlyList<RunRecord> Last(PipelineKey pipeline, int count, StoreReadReport? report)
    {
        if (count <= 0)
        {
            return [];
        }

        _ = StoreNames.PipelinePrefix(pipeline); // validates the key as the persistent stores do
        var found = new List<RunRecord>(Math.Min(count, 1024));
        lock (gate)
        {
            if (pipelines.TryGetValue(pipeline, out var records))
            {
                foreach (var run in records.Values)
                {
                    if (Readable(run, report) is { } record)
                    {
                        found.Add(record);
                        if (found.Count == count)
                        {
                            break;
                        }
                    }
                }
            }
        }

        found.Reverse();
        return found;
    }

    /// <summary>A snapshot of one pipeline's records, oldest first (corrupt ones included, see <see cref="Readable"/>).</summary>
    public IReadOnlyList<StoredRun> All(PipelineKey pipeline)
    {
        _ = StoreNames.PipelinePrefix(pipeline); // validates the key as the persistent stores do
        lock (gate)
        {
            return pipelines.TryGetValue(pipeline, out var records) ? [.. records.Values.Reverse()] : [];
        }
    }

    public bool Contains(RunKey key)
    {
        var marker = StoreNames.KeyMarkerPath(key);
        lock (gate)
        {
            return markers.TryGetValue(marker, out var name) && pipelines.TryGetValue(key.Pipeline, out var records) && records.ContainsKey(name);
        }
    }

    public IReadOnlyList<PipelineKey> Pipelines()
    {
        lock (gate)
        {
            return [.. pipelines.Keys.OrderBy(p => p.ToString(), StringComparer.Ordinal)];
        }
    }

    /// <summary>Replaces the bytes of a record path as an outside writer would; unreadable bytes make a corrupt record.</summary>
    public void WriteRaw(string path, ReadOnlySpan<byte> content)
    {
        var segments = path[StoreNames.RunsRoot.Length..].Split('/');
        if (segments.Length != 5 || !StoreNames.IsRecordName(segments[4]) || !PipelineKey.TryParse(string.Join('/', segments[..4]), out var pipeline))
        {
            throw new ArgumentException($"'{StoreNames.Truncate(path)}' is not a run record path (runs/<provider>/<org>/<repo>/<pipeline>/<name>.json).", nameof(path));
        }

        StoredRun stored;
        try
        {
            stored = new StoredRun(path, RunRecordJson.Deserialize(content, path), null);
        }
        catch (RunRecordFormatException ex)
        {
            stored = new StoredRun(path, null, new CorruptStoreItemException(path, $"field '{ex.Field}': {ex.Expected}").Message);
        }

        lock (gate)
        {
            Records(pipeline)[segments[4][..^StoreNames.RecordSuffix.Length]] = stored;
        }
    }

    /// <summary>The record, or null after reporting why it cannot be read.</summary>
    public static RunRecord? Readable(StoredRun run, StoreReadReport? report)
    {
        if (run.Problem is not null)
        {
            report?.Add(run.Problem);
        }

        return run.Record;
    }

    private SortedDictionary<string, StoredRun> Records(PipelineKey pipeline)
    {
        if (!pipelines.TryGetValue(pipeline, out var records))
        {
            records = new SortedDictionary<string, StoredRun>(StringComparer.Ordinal);
            pipelines[pipeline] = records;
        }

        return records;
    }

    /// <summary>One stored record: readable, or corrupt with the problem a reader reports.</summary>
    internal sealed record StoredRun(string Path, RunRecord? Record, string? Problem);
}
