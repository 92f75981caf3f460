namespace Pipewise.Agent.Simulation;

/// <summary>A settable clock for the simulation.</summary>
public sealed class SimulationClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public void Set(DateTimeOffset value) => now = value;

    public override DateTimeOffset GetUtcNow() => now;
}
