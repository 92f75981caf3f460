using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// The run log: one append-only history per pipeline, keyed by <see cref="RunKey"/> and read in creation order
/// (<see cref="RunRecord.OrderValue"/>, then attempt).
/// </summary>
public interface IRunStore
{
    /// <summary>Stores a run if its key is not stored yet. Returns false when it was already there (nothing changes).</summary>
    Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last <paramref name="count"/> runs of a pipeline in creation order (oldest first), without
    /// listing the pipeline's whole history. Corrupt records are skipped and reported through
    /// <see cref="StoreReadReport"/> when one is given.
    /// </summary>
    Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default);

    /// <summary>Every run of a pipeline in creation order (oldest first), for training and backtests.</summary>
    IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, CancellationToken cancellationToken = default);

    /// <summary>Whether a run with this key is stored.</summary>
    Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default);

    /// <summary>The pipelines that have at least one stored run.</summary>
    Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default);
}
