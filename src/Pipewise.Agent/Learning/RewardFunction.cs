using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Learning;

/// <summary>
/// The reward function, with its constants (documented in docs/agent.md). Build rewards are credited to the
/// tuning decision in force when a run started; deployment rewards arrive later, when the outcome is known.
/// </summary>
public static class RewardFunction
{
    /// <summary>Weight of the relative duration change against the pipeline's recent median (clipped to ±1).</summary>
    public const double TimeWeight = 1.0;

    public const double SuccessBonus = 0.1;

    public const double FailurePenalty = 1.0;

    /// <summary>A run canceled for another reason than being superseded is waste.</summary>
    public const double CanceledPenalty = 0.1;

    /// <summary>Weight of the relative change in billable runner time (job seconds × runner cost factor), clipped to [−1, 2].</summary>
    public const double ResourceWeight = 0.25;

    /// <summary>How many earlier successful runs make the baseline (median).</summary>
    public const int BaselineRuns = 10;

    public const double DeploySuccessBonus = 0.2;

    /// <summary>Per <see cref="DeployTimeScaleSeconds"/> of deployment time.</summary>
    public const double DeployTimeWeight = 0.3;

    public const double DeployTimeScaleSeconds = 600;

    /// <summary>Penalty of a failed deployment × the strategy's blast radius (downtime seen by users).</summary>
    public const double DowntimePenalty = 3.0;

    public const double HoldPenalty = 1.0;

    /// <summary>The cost of a second environment for blue-green.</summary>
    public const double BlueGreenResourcePenalty = 0.05;

    /// <summary>Runner cost factor per minute: small 0.5, medium 1, large 2.</summary>
    public static double RunnerCost(int size) => size switch { 1 => 0.5, 3 => 2.0, _ => 1.0 };

    /// <summary>Share of users exposed to a failed deployment.</summary>
    public static double BlastRadius(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Proceed => 1.0,
        DeploymentStrategy.Canary => 0.1,
        DeploymentStrategy.BlueGreen => 0.05,
        _ => 0.0,
    };

    public static double Billable(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var size = PipelineEvidence.RunnerSizeOf(run);
        var jobSeconds = run.Jobs.Select(j => j.DurationSeconds).OfType<double>().Sum();
        if (jobSeconds <= 0)
        {
            jobSeconds = run.EffectiveDurationSeconds ?? 0;
        }

        return jobSeconds * RunnerCost(size);
    }

    /// <summary>The build reward of <paramref name="run"/> against the median of its recent successful history.</summary>
    public static double Build(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var baseRuns = history.Where(r => r.Attempt == 1 && r.Result == RunResult.Succeeded && !PipelineEvidence.IsDocsOnly(r) && r.EffectiveDurationSeconds > 0)
            .TakeLast(BaselineRuns).ToList();
        var reward = 0.0;
        if (baseRuns.Count > 0 && run.EffectiveDurationSeconds is { } d)
        {
            var baseDuration = Median(baseRuns.Select(r => r.EffectiveDurationSeconds!.Value));
            reward += TimeWeight * Math.Clamp((baseDuration - d) / baseDuration, -1, 1);
            var baseBillable = Median(baseRuns.Select(Billable));
            if (baseBillable > 0)
            {
                reward -= ResourceWeight * Math.Clamp((Billable(run) - baseBillable) / baseBillable, -1, 2);
            }
        }

        reward += run.Result switch
        {
            RunResult.Succeeded or RunResult.Skipped => SuccessBonus,
            RunResult.Failed or RunResult.Partial => -FailurePenalty,
            RunResult.Canceled when !PipelineEvidence.Flag(run, "canceled.superseded") => -CanceledPenalty,
            _ => 0,
        };
        return reward;
    }

    /// <summary>The delayed reward of a deployment outcome under the strategy actually used.</summary>
    public static double Deployment(DeploymentRecord deployment, DeploymentStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (strategy == DeploymentStrategy.Hold || deployment.Result == RunResult.Skipped)
        {
            return -HoldPenalty;
        }

        var seconds = deployment.DurationSeconds
            ?? (deployment.StartedAt is { } s && deployment.FinishedAt is { } f && f >= s ? (f - s).TotalSeconds : 0);
        var reward = -DeployTimeWeight * seconds / DeployTimeScaleSeconds;
        reward += deployment.Result == RunResult.Succeeded ? DeploySuccessBonus : -DowntimePenalty * BlastRadius(strategy);
        if (strategy == DeploymentStrategy.BlueGreen)
        {
            reward -= BlueGreenResourcePenalty;
        }

        return reward;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
