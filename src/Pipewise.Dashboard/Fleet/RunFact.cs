using Pipewise.Core.Runs;

namespace Pipewise.Dashboard.Fleet;

/// <summary>What the overview needs of one stored run: when it ran, how long, and whether it failed.</summary>
public readonly record struct RunFact(DateTimeOffset? At, double? Seconds, RunResult? Result, int Attempt)
{
    public static RunFact From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunFact(run.StartedAt ?? run.QueuedAt ?? run.FinishedAt, run.EffectiveDurationSeconds, run.Result, run.Attempt);
    }

    public bool Failed => Result == RunResult.Failed;
}
