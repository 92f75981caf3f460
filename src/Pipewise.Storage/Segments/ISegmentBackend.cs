using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>What an append of bytes to the open segment did.</summary>
internal enum AppendOutcome
{
    /// <summary>The bytes were appended at the expected position.</summary>
    Appended,

    /// <summary>The segment is not at the expected position (another writer appended): nothing was written.</summary>
    PositionMoved,

    /// <summary>As <see cref="PositionMoved"/>, seen by a retried request: the first attempt may have landed.</summary>
    PositionMovedOnRetry,

    /// <summary>The segment does not exist (it was sealed and removed): nothing was written.</summary>
    Missing,
}

/// <summary>
/// The few object operations the segment log (<see cref="SegmentLog"/>) is built from, implemented by the local folder
/// (files under the pipeline's lock) and by Blob Storage (an append blob with an append-position condition, the head
/// with If-Match). The algorithm above them is one, so both stores behave alike.
/// </summary>
internal interface ISegmentBackend
{
    /// <summary>The head and its ETag; (null, null) when the pipeline has no v2 log yet.</summary>
    Task<(SegmentHead? Head, string? ETag)> ReadHeadAsync(PipelineKey pipeline, CancellationToken cancellationToken);

    /// <summary>Writes the head if its ETag is still <paramref name="ifMatch"/> (null: only if absent). Null on conflict.</summary>
    Task<string?> WriteHeadAsync(PipelineKey pipeline, SegmentHead head, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>The open segment's bytes from <paramref name="offset"/> on (empty at its end); null when it does not exist.</summary>
    Task<byte[]?> ReadOpenAsync(PipelineKey pipeline, long id, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Appends whole lines, atomically (all or nothing), if the segment is exactly as last seen: complete lines up to
    /// <paramref name="position"/>, then <paramref name="tail"/> bytes without a LF. An unterminated tail is never an
    /// acknowledged run: the local folder cuts it (under its lock nobody else is writing); Blob Storage, whose appends
    /// are atomic, can only hold one written by something else and ends it with a LF first. Returns the new complete length.
    /// </summary>
    Task<(AppendOutcome Outcome, long Position)> AppendOpenAsync(PipelineKey pipeline, long id, long position, long tail, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Creates an empty open segment if it does not exist.</summary>
    Task CreateOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken);

    Task DeleteOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken);

    /// <summary>A sealed segment's compressed bytes; null when absent.</summary>
    Task<byte[]?> ReadSealedAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken);

    /// <summary>Writes a sealed segment (replacing one left by a sealer that crashed: the content is the same).</summary>
    Task WriteSealedAsync(PipelineKey pipeline, long id, byte[] compressed, CancellationToken cancellationToken);

    /// <summary>Called once when a pipeline's head is created (the blob store registers the pipeline).</summary>
    Task OnPipelineCreatedAsync(PipelineKey pipeline, CancellationToken cancellationToken);

    /// <summary>Whether the pipeline has v1 records (one object per run, ADR 0002).</summary>
    Task<bool> HasLegacyAsync(PipelineKey pipeline, CancellationToken cancellationToken);

    Task<bool> LegacyContainsAsync(RunKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> LegacyLastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken);

    IAsyncEnumerable<RunRecord> LegacyAllAsync(PipelineKey pipeline, StoreReadReport? report, CancellationToken cancellationToken);
}
