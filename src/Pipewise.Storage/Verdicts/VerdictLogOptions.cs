namespace Pipewise.Storage.Verdicts;

/// <summary>How the store verdict log compacts and how much it keeps (ADR 0015).</summary>
public sealed record VerdictLogOptions
{
    /// <summary>Verdicts per compacted segment (default 1,000): the open segment is rewritten until it is full.</summary>
    public int SegmentSize { get; init; } = 1000;

    /// <summary>
    /// Verdicts kept per pipeline (default 10,000). Compaction drops whole segments, oldest first, while more than this
    /// many would remain, so between this and this plus <see cref="SegmentSize"/> are kept.
    /// </summary>
    public int Retention { get; init; } = 10_000;

    /// <summary>
    /// How old a compacted segment the head does not name must be before another compaction commits it in its place
    /// (default 2 minutes): it was left by a compaction that stopped between writing it and moving the head.
    /// </summary>
    public TimeSpan AdoptAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Compact in line after about one append in this many (0, the default: never; the gate service compacts in the
    /// background instead). For hosts without background work, such as <c>pipewise run</c>, so entries do not pile up.
    /// </summary>
    public int CompactEvery { get; init; }

    /// <summary>Entries fetched at once by reads and compaction (default 8).</summary>
    public int Parallelism { get; init; } = 8;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal VerdictLogOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentSize, 1, nameof(SegmentSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Retention, 1, nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfNegative(CompactEvery, nameof(CompactEvery));
        ArgumentNullException.ThrowIfNull(Time);
        return this;
    }
}
