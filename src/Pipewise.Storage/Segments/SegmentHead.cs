namespace Pipewise.Storage;

/// <summary>
/// The head document of one pipeline's run log (<c>runs/&lt;pipeline&gt;/~v2/head.json</c>): which segment is open
/// (receiving appends), what each sealed segment holds (its newest and oldest record names, so that last-N reads
/// only the segments that can hold the newest runs), and whether v1 records (one object per run) may exist beside
/// them. See docs/adrs/0011-store-v2-segments.md.
/// </summary>
internal sealed record SegmentHead
{
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The id of the open segment.</summary>
    public long Open { get; init; }

    /// <summary>Whether the pipeline had v1 records when the head was created; reads then merge them in.</summary>
    public bool Legacy { get; init; }

    /// <summary>Sealed segments, oldest id first.</summary>
    public IReadOnlyList<SealedSegment> Sealed { get; init; } = [];
}

/// <summary>One sealed (compressed, immutable) segment: its run count and the newest/oldest record names in it.</summary>
internal sealed record SealedSegment(long Id, int Count, string Newest, string Oldest, long Bytes);
