using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// A process-local <see cref="IPipewiseStore"/> with the same document semantics (ETags, If-Match, create-only when
/// ifMatch is null). Used by the simulator and the demo; nothing is persisted.
/// </summary>
public sealed class InMemoryStore : IPipewiseStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (byte[] Content, string ETag)> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<PipelineKey, SortedList<(long Order, string RunId, int Attempt), RunRecord>> runs = [];
    private readonly ConcurrentDictionary<string, byte[]> modelFiles = new(StringComparer.Ordinal);
    private long etag;

    public string Description => "in-memory store (simulation)";

    public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (gate)
        {
            if (!runs.TryGetValue(run.Pipeline, out var list))
            {
                list = [];
                runs[run.Pipeline] = list;
            }

            return Task.FromResult(list.TryAdd((run.OrderValue, run.RunId, run.Attempt), run));
        }
    }

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<RunRecord> result = runs.TryGetValue(pipeline, out var list) ? [.. list.Values.TakeLast(count)] : [];
            return Task.FromResult(result);
        }
    }

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<RunRecord> copy;
        lock (gate)
        {
            copy = runs.TryGetValue(pipeline, out var list) ? [.. list.Values] : [];
        }

        foreach (var run in copy)
        {
            yield return run;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(runs.TryGetValue(key.Pipeline, out var list) && list.Values.Any(r => r.Key == key));
        }
    }

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<PipelineKey> keys = [.. runs.Keys];
            return Task.FromResult(keys);
        }
    }

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(documents.TryGetValue(path, out var d) ? new StoredDocument(path, [.. d.Content], d.ETag) : null);
        }
    }

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var exists = documents.TryGetValue(path, out var current);
            if ((ifMatch is null && exists) || (ifMatch is not null && (!exists || current.ETag != ifMatch)))
            {
                throw new DocumentConflictException(path);
            }

            var tag = $"\"{++etag}\"";
            documents[path] = (content.ToArray(), tag);
            return Task.FromResult(tag);
        }
    }

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            documents.Remove(path);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<string> paths = [.. documents.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            return Task.FromResult(paths);
        }
    }

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        modelFiles.TryAdd($"{model}/{version}/{file}", content.ToArray());
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Task.FromResult(modelFiles.TryGetValue($"{model}/{version}/{file}", out var bytes) ? bytes : null);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> versions = [.. modelFiles.Keys.Where(k => k.StartsWith(model + "/", StringComparison.Ordinal)).Select(k => k.Split('/')[1]).Distinct()];
        return Task.FromResult(versions);
    }

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        GetDocumentAsync($"models/{model}/current", cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        PutDocumentAsync($"models/{model}/current", System.Text.Encoding.UTF8.GetBytes(version), ifMatch, cancellationToken);
}
