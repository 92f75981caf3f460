using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// A store whose calls all end by one deadline (ADR 0011): <c>pipewise run</c> wraps its store in one with its budget,
/// so that retries inside the store (the blob store retries a call for up to 30 s) never outlive the run's budget. A
/// call still running at the deadline is cancelled and fails with <see cref="StoreUnavailableException"/> ("could not
/// reach its store within …"), which the assessment turns into its fail-open answer; later calls fail at once. The
/// caller's own cancellation still surfaces as <see cref="OperationCanceledException"/>. Appends that fail are kept in
/// the <see cref="RunOutbox"/> when one is given, to be stored by a later run.
/// </summary>
public sealed class DeadlineStore : IPipewiseStore, IDisposable
{
    private readonly IPipewiseStore inner;
    private readonly CancellationTokenSource deadline;
    private readonly TimeSpan budget;
    private readonly RunOutbox? outbox;
    private readonly HashSet<RunKey> answered = [];
    private static readonly AsyncLocal<Scope?> Ambient = new();

    public DeadlineStore(IPipewiseStore inner, TimeSpan budget, TimeProvider time, RunOutbox? outbox = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        if (budget != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        }

        this.inner = inner;
        this.budget = budget;
        this.outbox = outbox;
        deadline = new CancellationTokenSource(budget, time);
    }

    public string Description => inner.Description;

    /// <summary>Whether the deadline has passed.</summary>
    public bool Expired => deadline.IsCancellationRequested;

    /// <summary>Runs that could not be stored by this instance and went to the outbox.</summary>
    public int Outboxed { get; private set; }

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            var stored = await Call(ct => inner.AppendRunAsync(run, ct), "store the run", cancellationToken).ConfigureAwait(false);
            lock (answered)
            {
                answered.Add(run.Key);
            }

            return stored;
        }
        catch (RunRecordFormatException)
        {
            lock (answered)
            {
                answered.Add(run.Key); // refused, not unreachable: the outbox would not help
            }

            throw;
        }
        catch (StoreUnavailableException) when (outbox is not null)
        {
            // Kept for the next run or import; the run itself still fails open with the store's error.
            KeepIfNotStored(run);
            throw;
        }
    }

    /// <summary>
    /// Puts the run in the outbox unless an append of it was answered by the store (stored, or already there): for a
    /// run whose append was never tried because reading the history failed first. True when it went to the outbox.
    /// </summary>
    public bool KeepIfNotStored(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (answered)
        {
            if (outbox is null || answered.Contains(run.Key))
            {
                return false;
            }

            outbox.Save(run);
            answered.Add(run.Key);
            Outboxed++;
            return true;
        }
    }

    /// <summary>Stores what the outbox holds, while the budget lasts; returns how many runs left it.</summary>
    public async Task<int> DrainOutboxAsync(CancellationToken cancellationToken = default) =>
        outbox is null ? 0 : await outbox.DrainAsync(this, cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        Call(ct => inner.GetLastRunsAsync(pipeline, count, report, ct), "read the pipeline's runs", cancellationToken);

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        await using var e = inner.ReadAllRunsAsync(pipeline, report, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            RunRecord current;
            try
            {
                if (!await e.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                current = e.Current;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Late("read the pipeline's runs", ex);
            }

            yield return current;
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) =>
        Call(ct => inner.ContainsRunAsync(key, ct), "check a run", cancellationToken);

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) =>
        Call(inner.ListPipelinesAsync, "list pipelines", cancellationToken);

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Call(ct => inner.GetDocumentAsync(path, ct), $"read '{path}'", cancellationToken);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
        Call(ct => inner.PutDocumentAsync(path, content, ifMatch, ct), $"write '{path}'", cancellationToken);

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Call(async ct => { await inner.DeleteDocumentAsync(path, ct).ConfigureAwait(false); return true; }, $"delete '{path}'", cancellationToken);

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Call(ct => inner.ListDocumentsAsync(prefix, ct), "list documents", cancellationToken);

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Call(async ct => { await inner.PutModelFileAsync(model, version, file, content, ct).ConfigureAwait(false); return true; }, "write a model file", cancellationToken);

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Call(ct => inner.GetModelFileAsync(model, version, file, ct), "read a model file", cancellationToken);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        Call(ct => inner.ListModelVersionsAsync(model, ct), "list model versions", cancellationToken);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        Call(ct => inner.GetCurrentModelAsync(model, ct), "read the current model", cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        Call(ct => inner.SetCurrentModelAsync(model, version, ifMatch, ct), "set the current model", cancellationToken);

    public void Dispose() => deadline.Dispose();

    /// <summary>
    /// Bounds every call of every <see cref="DeadlineStore"/> made from this async flow (e.g. one gate-service request) by
    /// <paramref name="budget"/> from now, until the returned scope is disposed. Scopes nest; the inner one applies.
    /// </summary>
    public static IDisposable Within(TimeSpan budget, TimeProvider? time = null)
    {
        var scope = new Scope(Ambient.Value, budget, time ?? TimeProvider.System);
        Ambient.Value = scope;
        return scope;
    }

    private async Task<T> Call<T>(Func<CancellationToken, Task<T>> action, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scope = Ambient.Value;
        if (deadline.IsCancellationRequested || scope is { Token.IsCancellationRequested: true })
        {
            throw Late(what, null, scope);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, scope?.Token ?? CancellationToken.None);
        try
        {
            return await action(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Late(what, ex, scope);
        }
    }

    private StoreUnavailableException Late(string what, Exception? inner, Scope? scope = null) =>
        new($"Pipewise could not {what} in its store ({Description}) within its budget of {(scope is { Token.IsCancellationRequested: true } ? scope.Budget : budget).TotalSeconds:0.#} s.", inner);

    private sealed class Scope : IDisposable
    {
        private readonly Scope? outer;
        private readonly CancellationTokenSource source;

        public Scope(Scope? outer, TimeSpan budget, TimeProvider time)
        {
            this.outer = outer;
            Budget = budget;
            source = new CancellationTokenSource(budget, time);
        }

        public TimeSpan Budget { get; }

        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            if (Ambient.Value == this)
            {
                Ambient.Value = outer;
            }

            source.Dispose();
        }
    }
}
