using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>One parsed input item: a run, or the reason the row at <see cref="Line"/> was rejected.</summary>
public sealed record ParsedRun(string Source, long Line, RunRecord? Run, string? Error)
{
    public static ParsedRun Ok(string source, long line, RunRecord run) => new(source, line, run, null);

    public static ParsedRun Bad(string source, long line, string error) => new(source, line, null, error);
}

/// <summary>A row that could not be imported, with where it is and why.</summary>
public sealed record MalformedRow(string Source, long Line, string Reason)
{
    public override string ToString() => $"{Source}:{Line}: {Reason}";
}

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
