namespace Pipewise.Storage.Verdicts;

/// <summary>
/// The head of a pipeline's compacted verdicts (<c>verdicts/&lt;p&gt;/head.json</c>), moved only with If-Match:
/// the compacted segments in the order they were written, and the id the next one gets.
/// </summary>
public sealed record VerdictLogHead
{
    public int SchemaVersion { get; init; } = 1;
    public required string Pipeline { get; init; }

    /// <summary>The id of the next compacted segment; only the compaction that creates it may move the head.</summary>
    public long Next { get; init; } = 1;

    /// <summary>True once the one-document log of earlier versions is in a compacted segment (and deleted).</summary>
    public bool LegacyFolded { get; init; }

    public List<VerdictSegmentInfo> Segments { get; init; } = [];
}

/// <summary>One compacted segment: its id, how many verdicts it holds and the range of their names.</summary>
public sealed record VerdictSegmentInfo(long Id, int Count, string Oldest, string Newest)
{
    /// <summary>Whether a verdict of this name could be in the segment.</summary>
    public bool Covers(string name) =>
        string.CompareOrdinal(name, Oldest) >= 0 && string.CompareOrdinal(name, Newest) <= 0;
}

/// <summary>A compacted segment (<c>verdicts/&lt;p&gt;/compacted/&lt;id&gt;.json</c>), never changed once written.</summary>
public sealed record VerdictSegment
{
    public int SchemaVersion { get; init; } = 1;
    public required string Pipeline { get; init; }
    public required long Id { get; init; }

    /// <summary>When the compaction wrote it: a segment the head does not name is adopted once this is old enough.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The segment this one takes the place of (it holds that one's verdicts too), if any.</summary>
    public long? Replaces { get; init; }

    /// <summary>Whether it holds the verdicts of the one-document log of earlier versions.</summary>
    public bool FoldsLegacy { get; init; }

    public List<Pipewise.Core.Gate.VerdictRecord> Verdicts { get; init; } = [];
}
