namespace Pipewise.Agent.Learning;

public sealed class PendingDeployment
{
    public required string State { get; set; }

    /// <summary>The best-known strategy: what was shown and put in force.</summary>
    public required string Action { get; set; }

    /// <summary>The exploratory pick of this step, when the agent explored: recorded for learning, never shown.</summary>
    public string? Explored { get; set; }

    public DateTimeOffset At { get; set; }
}
