using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Verdicts;

/// <summary>Reading the verdict log's documents, with a clear error naming the document when one is not what it should be.</summary>
internal sealed class VerdictDocuments(IDocumentStore store, int parallelism)
{
    public IDocumentStore Store => store;

    public async Task<(T? Value, string? ETag)> ReadAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        var document = await store.GetDocumentAsync(path, ct).ConfigureAwait(false);
        return document is null ? (null, null) : (Parse(path, document.Content, type), document.ETag);
    }

    public static T Parse<T>(string path, byte[] content, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(content, type) ?? throw new CorruptStoreItemException(path, $"expected a {type.Type.Name} JSON object, found null");
        }
        catch (JsonException ex)
        {
            throw new CorruptStoreItemException(path, $"not a {type.Type.Name} at {ex.Path}: {ex.Message}", ex);
        }
    }

    /// <summary>The entries of these names (null for one deleted meanwhile), fetched a few at a time.</summary>
    public async Task<IReadOnlyList<(string Name, VerdictRecord? Record)>> ReadEntriesAsync(string folder, IReadOnlyList<string> names, CancellationToken ct)
    {
        var results = new (string, VerdictRecord?)[names.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, names.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var (record, _) = await ReadAsync(VerdictPaths.Entry(folder, names[i]), VerdictJsonContext.Default.VerdictRecord, token).ConfigureAwait(false);
                results[i] = (names[i], record);
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>The names of a pipeline's entries, oldest first.</summary>
    public async Task<List<string>> ListEntriesAsync(string folder, CancellationToken ct)
    {
        var prefix = VerdictPaths.EntriesPrefix(folder);
        var names = new List<string>();
        foreach (var path in await store.ListDocumentsAsync(prefix, ct).ConfigureAwait(false))
        {
            if (VerdictPaths.EntryName(path, prefix) is { } name)
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Deletes documents a few at a time.</summary>
    public Task DeleteAllAsync(IEnumerable<string> paths, CancellationToken ct) =>
        Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (path, token) =>
            await store.DeleteDocumentAsync(path, token).ConfigureAwait(false));

    /// <summary>Adds records by name (the first of a name wins).</summary>
    public static void AddAll(IDictionary<string, VerdictRecord> into, IEnumerable<VerdictRecord> records)
    {
        foreach (var record in records)
        {
            into.TryAdd(VerdictPaths.NameOf(record), record);
        }
    }
}
