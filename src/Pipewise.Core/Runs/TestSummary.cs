namespace Pipewise.Core.Runs;

public sealed record TestSummary
{
    public int? Total { get; init; }
    public int? Passed { get; init; }
    public int? Failed { get; init; }
    public int? Skipped { get; init; }
    public double? DurationSeconds { get; init; }

    /// <summary>Tests that failed and then passed on retry within this run, when known.</summary>
    public int? Flaky { get; init; }
}
