namespace Pipewise.Core.Import;

/// <summary>What an import did. Every input row is counted exactly once in Imported, Duplicates, Malformed or Skipped.</summary>
public sealed record ImportSummary
{
    public long Rows { get; init; }
    public long Imported { get; init; }
    public long Duplicates { get; init; }
    public long Malformed { get; init; }
    public int Pipelines { get; init; }
    public IReadOnlyList<MalformedRow> MalformedRows { get; init; } = [];
    public TimeSpan Elapsed { get; init; }
}
