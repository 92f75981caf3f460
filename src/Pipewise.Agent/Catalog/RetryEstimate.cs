using Pipewise.Core.Runs;

namespace Pipewise.Agent.Catalog;

/// <summary>
/// How often re-running an intermittent failure of this pipeline succeeded, from its own re-run attempts
/// (RunRecord.Attempt &gt; 1 of the same RunId), and what a retry costs.
/// </summary>
public sealed record RetryEstimate
{
    public static RetryEstimate None { get; } = new();

    /// <summary>Intermittent first failures that were re-run.</summary>
    public int Observed { get; init; }

    /// <summary>Of those, re-runs that passed.</summary>
    public int Succeeded { get; init; }

    /// <summary>Laplace-smoothed success probability (s + 1) / (n + 2).</summary>
    public double SuccessProbability => (Succeeded + 1.0) / (Observed + 2.0);

    /// <summary>Mean seconds of the failing step (the cost of retrying it once), when known.</summary>
    public double? StepCostSeconds { get; init; }

    /// <summary>Mean seconds of a whole re-run (what a manual re-run costs today).</summary>
    public double? RerunCostSeconds { get; init; }

    /// <summary>The step that fails intermittently in the current run, when it did.</summary>
    public string? FailingStep { get; init; }

    /// <summary>True when the current run failed in a way that looks like a real test or compile failure.</summary>
    public bool CurrentIsRealFailure { get; init; }

    /// <summary>Whether the retry suggestion is backed well enough: an intermittent failure now, ≥ 2 observed re-runs, ≥ 50 % success.</summary>
    public bool Recommended => FailingStep is not null && !CurrentIsRealFailure && Observed >= 2 && SuccessProbability >= 0.5;

    /// <summary>A failure is "real" when tests failed or the failing step or job is named like build/compile/test.</summary>
    public static bool IsRealFailure(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Tests?.Failed is > 0)
        {
            return true;
        }

        foreach (var job in run.Jobs)
        {
            foreach (var step in job.Steps.Where(s => s.Result == RunResult.Failed))
            {
                if (IsBuildOrTestName(step.Name))
                {
                    return true;
                }
            }

            if (job.Result == RunResult.Failed && job.Steps.All(s => s.Result != RunResult.Failed) && IsBuildOrTestName(job.Name))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsBuildOrTestName(string name)
    {
        var n = name.ToLowerInvariant();
        return n.Contains("build", StringComparison.Ordinal) || n.Contains("compile", StringComparison.Ordinal)
            || n.Contains("test", StringComparison.Ordinal) || n.Contains("spec", StringComparison.Ordinal);
    }

    public static StepRecord? FailingStepOf(RunRecord run) =>
        run.Jobs.SelectMany(j => j.Steps).FirstOrDefault(s => s.Result == RunResult.Failed);
}
