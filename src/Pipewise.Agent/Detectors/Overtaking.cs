using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// A run overtaken by a newer run of the same branch (or pull request) that started while it still ran.
/// <see cref="WastedSeconds"/> is the build time it spent after the newer one started (its summed job time × the
/// share of its wall time left), zero when it was canceled.
/// </summary>
public sealed record Overtaking(RunRecord Older, RunRecord Newer, double OverlapSeconds, double WastedSeconds)
{
    /// <summary>The older run was canceled (on supersession, by the platform or a person).</summary>
    public bool Canceled => Older.Result == RunResult.Canceled;
}
