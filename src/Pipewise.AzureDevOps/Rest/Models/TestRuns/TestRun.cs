namespace Pipewise.AzureDevOps.Rest;

/// <summary>A test run of a build, with its totals (Test Runs - List).</summary>
public sealed record TestRun
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public bool? IsAutomated { get; init; }
    public DateTimeOffset? StartedDate { get; init; }
    public DateTimeOffset? CompletedDate { get; init; }
    public int? TotalTests { get; init; }
    public int? PassedTests { get; init; }
    public int? IncompleteTests { get; init; }
    public int? NotApplicableTests { get; init; }
    public int? UnanalyzedTests { get; init; }
    public ShallowReference? Build { get; init; }
}
