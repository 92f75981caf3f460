using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Testing;

/// <summary>
/// A hand-written in-memory <see cref="IPipewiseStore"/> for tests of code above the store (importers, run loop).
/// Same semantics as the real stores: idempotent appends, ETag compare-and-swap, creation-order reads.
/// <see cref="FailAfterAppends"/> makes it fail like an outage.
/// </summary>
public sealed class InMemoryStore : IPipewiseStore
{
    private readonly ConcurrentDictionary<RunKey, RunRecord> runs = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> documents = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private int appends;
    private long etag;

    public string Description => "in-memory test store";

    /// <summary>After this many successful appends, every append throws <see cref="StoreUnavailableException"/>.</summary>
    public int? FailAfterAppends { get; set; }

    public int RunCount => runs.Count;

    public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (FailAfterAppends is { } limit && Volatile.Read(ref appends) >= limit)
        {
            throw new StoreUnavailableException("simulated outage");
        }

        var added = runs.TryAdd(run.Key, run);
        if (added)
        {
            Interlocked.Increment(ref appends);
        }

        return Task.FromResult(added);
    }

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RunRecord>>([.. Ordered(pipeline).TakeLast(count)]);

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var run in Ordered(pipeline))
        {
            await Task.Yield();
            yield return run;
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Task.FromResult(runs.ContainsKey(key));

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PipelineKey>>([.. runs.Keys.Select(k => k.Pipeline).Distinct()]);

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(documents.TryGetValue(path, out var d) ? new StoredDocument(path, d.Content, d.ETag) : null);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var exists = documents.TryGetValue(path, out var current);
            if ((ifMatch is null && exists) || (ifMatch is not null && (!exists || current.ETag != ifMatch)))
            {
                throw new DocumentConflictException(path);
            }

            var tag = $"\"{Interlocked.Increment(ref etag)}\"";
            documents[path] = (content.ToArray(), tag);
            return Task.FromResult(tag);
        }
    }

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        documents.TryRemove(path, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. documents.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        documents[$"models/{model}/{version}/{file}"] = (content.ToArray(), $"\"{Interlocked.Increment(ref etag)}\"");
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Task.FromResult(documents.TryGetValue($"models/{model}/{version}/{file}", out var d) ? d.Content : null);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. documents.Keys
            .Where(k => k.StartsWith($"models/{model}/", StringComparison.Ordinal) && k.Count(c => c == '/') == 3)
            .Select(k => k.Split('/')[2]).Distinct()]);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        GetDocumentAsync($"models/{model}/current", cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        PutDocumentAsync($"models/{model}/current", System.Text.Encoding.UTF8.GetBytes(version), ifMatch, cancellationToken);

    private IEnumerable<RunRecord> Ordered(PipelineKey pipeline) =>
        runs.Values.Where(r => r.Pipeline == pipeline).OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt);
}
