using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>What happened to one run under one configuration.</summary>
public sealed record RunOutcome
{
    public double BuildSeconds { get; init; }
    public double DeploySeconds { get; init; }
    public int Failures { get; init; }
    public bool Stepped { get; init; }
    public RunResult Result { get; init; }
    public bool Deployed { get; init; }
    public bool DeployFailed { get; init; }
    public bool Skipped { get; init; }
    public bool Canceled { get; init; }
    public bool NeededRerun { get; init; }
    public bool RerunSucceeded { get; init; }
    public double Wall { get; init; }
    public double? CanceledAt { get; init; }
}
