using Pipewise.Core.Runs;

namespace Pipewise.Agent.Catalog;

public static class RetryEstimator
{
    public static RetryEstimate Estimate(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var byRun = history.Append(run).GroupBy(r => (r.Pipeline, r.RunId));
        int observed = 0, succeeded = 0;
        var stepCosts = new List<double>();
        var rerunCosts = new List<double>();
        foreach (var group in byRun)
        {
            var attempts = group.DistinctBy(r => r.Attempt).OrderBy(r => r.Attempt).ToList();
            for (var i = 0; i + 1 < attempts.Count; i++)
            {
                var failed = attempts[i];
                if (failed.Result != RunResult.Failed || RetryEstimate.IsRealFailure(failed))
                {
                    continue;
                }

                var next = attempts[i + 1];
                observed++;
                if (next.Result == RunResult.Succeeded)
                {
                    succeeded++;
                }

                if (RetryEstimate.FailingStepOf(failed)?.DurationSeconds is { } stepCost)
                {
                    stepCosts.Add(stepCost);
                }

                if (next.EffectiveDurationSeconds is { } rerun)
                {
                    rerunCosts.Add(rerun);
                }
            }
        }

        var real = run.Result == RunResult.Failed && RetryEstimate.IsRealFailure(run);
        string? failing = null;
        if (!real)
        {
            // The current run's intermittent failure, else the latest one among the last 10 first attempts.
            foreach (var candidate in history.TakeLast(10).Where(r => r.Attempt == 1).Append(run).Reverse())
            {
                if (candidate.Result == RunResult.Failed && !RetryEstimate.IsRealFailure(candidate))
                {
                    failing = RetryEstimate.FailingStepOf(candidate)?.Name ?? candidate.Jobs.FirstOrDefault(j => j.Result == RunResult.Failed)?.Name;
                    if (failing is not null)
                    {
                        break;
                    }
                }
            }
        }

        return new RetryEstimate
        {
            Observed = observed,
            Succeeded = succeeded,
            StepCostSeconds = stepCosts.Count > 0 ? stepCosts.Average() : null,
            RerunCostSeconds = rerunCosts.Count > 0 ? rerunCosts.Average() : null,
            FailingStep = failing,
            CurrentIsRealFailure = real,
        };
    }
}
