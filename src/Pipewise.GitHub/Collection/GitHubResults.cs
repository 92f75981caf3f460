using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>GitHub's conclusions as <see cref="RunResult"/>s, and the result so far of a run that is still going.</summary>
internal static class GitHubResults
{
    public static RunResult? MapConclusion(string? conclusion) => conclusion switch
    {
        "success" => RunResult.Succeeded,
        "failure" or "timed_out" or "startup_failure" => RunResult.Failed,
        "cancelled" => RunResult.Canceled,
        "skipped" => RunResult.Skipped,
        "neutral" or "action_required" or "stale" => RunResult.Partial,
        _ => null,
    };

    /// <summary>Failed when a job or step failed, else canceled when one was canceled, else succeeded.</summary>
    public static RunResult? ResultSoFar(IReadOnlyList<JobRecord> jobs)
    {
        var results = jobs.Select(j => j.Result).Concat(jobs.SelectMany(j => j.Steps.Select(s => s.Result))).ToList();
        if (results.Contains(RunResult.Failed))
        {
            return RunResult.Failed;
        }

        if (results.Contains(RunResult.Canceled))
        {
            return RunResult.Canceled;
        }

        return RunResult.Succeeded;
    }
}
