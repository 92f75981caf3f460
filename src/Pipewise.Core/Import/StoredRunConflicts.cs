using System.Text.Json;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Import;

/// <summary>
/// For a run the store already holds (an earlier import, the step, a webhook): whether the imported row says
/// something else. The stored runs of a pipeline are read once, when its first duplicate arrives, and only their
/// content hashes are kept, for the few pipelines imported last; a hash mismatch is then compared field by field,
/// so a conflict names the fields and a mere difference of encoding is none.
/// </summary>
internal sealed class StoredRunConflicts(IRunStore store, int pipelinesKept)
{
    private readonly Lock cacheLock = new();
    private readonly LinkedList<(PipelineKey Pipeline, Task<Dictionary<RunKey, long>> Hashes)> cache = new();

    /// <summary>The conflict message, or null when the stored run has the same content (a plain duplicate).</summary>
    public async Task<string?> CheckAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var hashes = await HashesAsync(run.Pipeline, cancellationToken).ConfigureAwait(false);
        var imported = RunRecordJson.Serialize(run);
        if (!hashes.TryGetValue(run.Key, out var stored) || stored == Hash(imported))
        {
            return null;
        }

        RunRecord? storedRun = null;
        await foreach (var r in store.ReadAllRunsAsync(run.Pipeline, null, cancellationToken).ConfigureAwait(false))
        {
            if (r.Key == run.Key)
            {
                storedRun = r;
                break;
            }
        }

        var fields = storedRun is null ? [] : DifferingFields(RunRecordJson.Serialize(storedRun), imported);
        return fields.Count == 0
            ? null
            : $"conflict: run {StoreNames.Truncate(run.Key.ToString())} is already stored with other content (differs in {string.Join(", ", fields.Take(8))}{(fields.Count > 8 ? ", …" : string.Empty)}); the stored run is kept";
    }

    private Task<Dictionary<RunKey, long>> HashesAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        lock (cacheLock)
        {
            for (var node = cache.First; node is not null; node = node.Next)
            {
                if (node.Value.Pipeline == pipeline)
                {
                    return node.Value.Hashes;
                }
            }

            var read = ReadHashesAsync(pipeline, cancellationToken);
            cache.AddFirst((pipeline, read));
            while (cache.Count > pipelinesKept)
            {
                cache.RemoveLast();
            }

            return read;
        }
    }

    private async Task<Dictionary<RunKey, long>> ReadHashesAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<RunKey, long>();
        await foreach (var r in store.ReadAllRunsAsync(pipeline, null, cancellationToken).ConfigureAwait(false))
        {
            hashes[r.Key] = Hash(RunRecordJson.Serialize(r));
        }

        return hashes;
    }

    /// <summary>
    /// The top-level fields (JSON names) that both documents state, with different values, in the order of the stored
    /// document. A field one side lacks (absent, null, an empty list) says nothing against the other: a row with fewer
    /// fields than the stored run (a listing without jobs, a CSV without steps) is no conflict.
    /// </summary>
    internal static List<string> DifferingFields(byte[] stored, byte[] imported)
    {
        using var a = JsonDocument.Parse(stored);
        using var b = JsonDocument.Parse(imported);
        var left = Stated(a.RootElement);
        var right = Stated(b.RootElement);
        return [.. left.Keys.Where(k => right.TryGetValue(k, out var r) && left[k] != r)];
    }

    private static Dictionary<string, string> Stated(JsonElement root) =>
        root.EnumerateObject()
            .Where(p => p.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => false,
                JsonValueKind.Array => p.Value.GetArrayLength() > 0,
                JsonValueKind.Object => p.Value.EnumerateObject().Any(),
                _ => true,
            })
            .ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);

    internal static long Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return unchecked((long)h);
    }
}
