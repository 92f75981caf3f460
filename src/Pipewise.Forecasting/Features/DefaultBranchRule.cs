namespace Pipewise.Forecasting.Features;

/// <summary>
/// Whether a run is on the pipeline's default branch: as the provider says, else the most frequent branch of the
/// push runs in the window, else main/master.
/// </summary>
internal static class DefaultBranchRule
{
    public static bool IsDefault(in RunFacts run, string? dominant) =>
        run.IsDefaultBranch ?? (run.Branch is not null && (dominant is not null
            ? string.Equals(run.Branch, dominant, StringComparison.Ordinal)
            : run.Branch is "main" or "master" or "refs/heads/main" or "refs/heads/master"));

    public static string? DominantPushBranch(ReadOnlySpan<RunFacts> runs)
    {
        string? best = null;
        var bestCount = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            if (runs[i].Event == EventKind.PullRequest || runs[i].Branch is not { } branch)
            {
                continue;
            }

            var count = 0;
            for (var j = 0; j < runs.Length; j++)
            {
                if (runs[j].Event != EventKind.PullRequest && string.Equals(runs[j].Branch, branch, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            if (count > bestCount)
            {
                best = branch;
                bestCount = count;
            }
        }

        return best;
    }
}
