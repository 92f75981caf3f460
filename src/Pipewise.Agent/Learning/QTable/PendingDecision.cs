namespace Pipewise.Agent.Learning;

public sealed class PendingDecision
{
    public required string RunKey { get; set; }

    public long Order { get; set; }

    public required string State { get; set; }

    /// <summary>The best-known tuning action: what was shown and put in force.</summary>
    public required string Action { get; set; }

    /// <summary>The exploratory pick of this step, when the agent explored: recorded for learning, never shown.</summary>
    public string? Explored { get; set; }

    /// <summary>The configuration seen in the run the decision was made on, to detect what was adopted.</summary>
    public required PipelineSnapshot Snapshot { get; set; }

    public DateTimeOffset At { get; set; }
}
