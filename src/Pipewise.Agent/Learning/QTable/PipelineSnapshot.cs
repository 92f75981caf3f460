namespace Pipewise.Agent.Learning;

/// <summary>The observable configuration of a pipeline, compared between runs to detect adoption.</summary>
public sealed record PipelineSnapshot
{
    public bool Cache { get; init; }
    public int TestJobs { get; init; } = 1;
    public bool Shallow { get; init; }
    public int RunnerSize { get; init; } = 2;
    public bool PathFiltered { get; init; }
    public bool CancelsSuperseded { get; init; }
    public bool Timeout { get; init; }
    public bool Retry { get; init; }
}
