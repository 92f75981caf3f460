using System.Runtime.CompilerServices;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// A process-local <see cref="IPipewiseStore"/> with the semantics of the persistent stores, held to the same
/// contract tests: the layout and validation of <see cref="StoreNames"/>, appends idempotent by <see cref="RunKey"/>,
/// creation order by <see cref="RunRecord.OrderValue"/> then attempt, ETag If-Match / must-not-exist writes that
/// throw <see cref="DocumentConflictException"/>, immutable model versions. Thread safe; nothing is persisted.
/// Used by the simulator and by tests of the code above the store.
/// </summary>
public sealed class InMemoryStore : IPipewiseStore
{
    private readonly InMemoryRunLog runs = new();
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredDocument> objects = new(StringComparer.Ordinal);
    private long lastETag;

    public string Description => "in-memory store (nothing is persisted)";

    /// <summary>How many runs are stored.</summary>
    public int RunCount => runs.Count;

    /// <summary>
    /// Overwrites the bytes at a store key as something outside the store would, to simulate corruption: a run
    /// record path (<see cref="StoreNames.RecordPath"/>; unreadable bytes are reported and skipped by reads like a
    /// corrupt blob), a document or a model file path.
    /// </summary>
    public void WriteRaw(string path, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith(StoreNames.RunsRoot, StringComparison.Ordinal))
        {
            runs.WriteRaw(path, content);
            return;
        }

        var bytes = content.ToArray();
        lock (gate)
        {
            objects[StoreNames.ValidateDocumentPath(path, "Path")] = new StoredDocument(path, bytes, NextETag());
        }
    }

    public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default) =>
        Answer(() => runs.Append(run), cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        Answer(() => runs.Last(pipeline, count, report), cancellationToken);

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var stored in await Answer(() => runs.All(pipeline), cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (InMemoryRunLog.Readable(stored, report) is { } record)
            {
                yield return record;
            }
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) =>
        Answer(() => runs.Contains(key), cancellationToken);

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) =>
        Answer(runs.Pipelines, cancellationToken);

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Answer(() => Read(StoreNames.ValidateDocumentPath(path)), cancellationToken);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
        Answer(() => Write(StoreNames.ValidateDocumentPath(path), content.ToArray(), ifMatch), cancellationToken);

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Answer(() =>
        {
            StoreNames.ValidateDocumentPath(path);
            lock (gate)
            {
                return objects.Remove(path);
            }
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Answer<IReadOnlyList<string>>(() =>
        {
            StoreNames.ValidatePrefix(prefix);
            lock (gate)
            {
                return [.. objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            }
        }, cancellationToken);

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Answer(() =>
        {
            var path = StoreNames.ModelFilePath(model, version, file);
            lock (gate)
            {
                if (objects.TryGetValue(path, out var existing))
                {
                    return existing.Content.AsSpan().SequenceEqual(content.Span)
                        ? false
                        : throw new InvalidOperationException($"Model file '{path}' already exists with different content; model versions are immutable, publish a new version instead.");
                }

                objects[path] = new StoredDocument(path, content.ToArray(), NextETag());
                return true;
            }
        }, cancellationToken);

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Answer(() => Read(StoreNames.ModelFilePath(model, version, file))?.Content, cancellationToken);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        Answer<IReadOnlyList<string>>(() =>
        {
            var prefix = StoreNames.ModelsRoot + StoreNames.ValidateModelSegment(model, "name") + "/";
            lock (gate)
            {
                return [.. objects.Keys
                    .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) > prefix.Length)
                    .Select(k => k[prefix.Length..k.IndexOf('/', prefix.Length)])
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)];
            }
        }, cancellationToken);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        Answer(() => Read(StoreNames.ModelCurrentPath(model)), cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        Answer(() =>
        {
            var path = StoreNames.ModelCurrentPath(model);
            var files = StoreNames.ModelVersionPrefix(model, StoreNames.ValidateModelSegment(version, "version"));
            lock (gate)
            {
                if (!objects.Keys.Any(k => k.StartsWith(files, StringComparison.Ordinal)))
                {
                    throw new ArgumentException($"Model '{model}' has no stored version '{version}'; store its files with PutModelFileAsync first.", nameof(version));
                }

                return SwapLocked(path, Encoding.UTF8.GetBytes(version), ifMatch);
            }
        }, cancellationToken);

    /// <summary>A copy of the stored bytes, so that callers never share the store's array.</summary>
    private StoredDocument? Read(string path)
    {
        lock (gate)
        {
            return objects.TryGetValue(path, out var stored) ? stored with { Content = [.. stored.Content] } : null;
        }
    }

    private string Write(string path, byte[] content, string? ifMatch)
    {
        lock (gate)
        {
            return SwapLocked(path, content, ifMatch);
        }
    }

    /// <summary>Compare-and-swap (the caller holds the lock): a null <paramref name="ifMatch"/> means "must not exist".</summary>
    private string SwapLocked(string path, byte[] content, string? ifMatch)
    {
        var exists = objects.TryGetValue(path, out var current);
        if (ifMatch is null ? exists : !exists || !string.Equals(current!.ETag, ifMatch, StringComparison.Ordinal))
        {
            throw new DocumentConflictException(path);
        }

        var tag = NextETag();
        objects[path] = new StoredDocument(path, content, tag);
        return tag;
    }

    private string NextETag() => "\"" + (++lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    /// <summary>Like the persistent stores, failures (bad arguments, conflicts, cancellation) arrive through the task.</summary>
    private static Task<T> Answer<T>(Func<T> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(operation());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
