using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>A failed first attempt and the next attempt of the same commit (a re-run of the run, or a new run of the same commit).</summary>
public sealed record FailurePair(RunRecord Failed, RunRecord Rerun, double GapSeconds)
{
    public bool Passed => Rerun.Result == RunResult.Succeeded;
}
