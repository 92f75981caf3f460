namespace Pipewise.AzureDevOps.Rest;

/// <summary>One test result of a run (Test Results - List).</summary>
public sealed record TestCaseResult
{
    public int Id { get; init; }
    public TestOutcome Outcome { get; init; }
    public double? DurationInMs { get; init; }
    public string? AutomatedTestName { get; init; }
    public string? TestCaseTitle { get; init; }
    public DateTimeOffset? StartedDate { get; init; }
    public DateTimeOffset? CompletedDate { get; init; }
}
