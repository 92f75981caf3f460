using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Testing;

/// <summary>
/// Wraps a store (an <see cref="InMemoryStore"/> unless given) and makes it fail like an outage, with a faulted
/// task of <see cref="StoreUnavailableException"/>: appends after <see cref="FailAfterAppends"/> stored runs, and run
/// reads while <see cref="FailRunReads"/> is set. Everything else passes through.
/// </summary>
public sealed class FaultInjectingStore(IPipewiseStore? inner = null) : IPipewiseStore
{
    private int appends;

    public IPipewiseStore Inner { get; } = inner ?? new InMemoryStore();

    public string Description => Inner.Description;

    /// <summary>After this many successful appends, every append throws.</summary>
    public int? FailAfterAppends { get; set; }

    /// <summary>While set, <see cref="GetLastRunsAsync"/>, <see cref="ReadAllRunsAsync"/> and <see cref="ListPipelinesAsync"/> throw.</summary>
    public bool FailRunReads { get; set; }

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        if (FailAfterAppends is { } limit && Volatile.Read(ref appends) >= limit)
        {
            throw new StoreUnavailableException("simulated outage (appends)");
        }

        var added = await Inner.AppendRunAsync(run, cancellationToken).ConfigureAwait(false);
        if (added)
        {
            Interlocked.Increment(ref appends);
        }

        return added;
    }

    public async Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default)
    {
        ThrowIfReadsFail();
        return await Inner.GetLastRunsAsync(pipeline, count, report, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfReadsFail();
        await foreach (var run in Inner.ReadAllRunsAsync(pipeline, report, cancellationToken).ConfigureAwait(false))
        {
            yield return run;
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Inner.ContainsRunAsync(key, cancellationToken);

    public async Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReadsFail();
        return await Inner.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) => Inner.GetDocumentAsync(path, cancellationToken);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
        Inner.PutDocumentAsync(path, content, ifMatch, cancellationToken);

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) => Inner.DeleteDocumentAsync(path, cancellationToken);

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListDocumentsAsync(prefix, cancellationToken);

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Inner.PutModelFileAsync(model, version, file, content, cancellationToken);

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Inner.GetModelFileAsync(model, version, file, cancellationToken);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => Inner.ListModelVersionsAsync(model, cancellationToken);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => Inner.GetCurrentModelAsync(model, cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        Inner.SetCurrentModelAsync(model, version, ifMatch, cancellationToken);

    private void ThrowIfReadsFail()
    {
        if (FailRunReads)
        {
            throw new StoreUnavailableException("simulated outage (run reads)");
        }
    }
}
