namespace Pipewise.Agent.Learning;

public sealed class PendingDeployment
{
    public required string State { get; set; }

    public required string Action { get; set; }

    public DateTimeOffset At { get; set; }
}
