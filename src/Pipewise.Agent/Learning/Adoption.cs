using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Learning;

/// <summary>Detects from the next run what was actually adopted, so the reward goes to it (docs/agent.md).</summary>
public static class Adoption
{
    /// <summary>Actions whose adoption is visible in a run record (a cache step, more test jobs, a runner label).</summary>
    public static bool IsObservable(string actionId) =>
        actionId is ActionCatalog.CacheDependencies or ActionCatalog.ShardTests or ActionCatalog.LargerRunner or ActionCatalog.SmallerRunner;

    public static PipelineSnapshot Snapshot(PipelineEvidence evidence, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(run);
        return new PipelineSnapshot
        {
            Cache = evidence.CacheUsed,
            TestJobs = evidence.TestJobCount,
            Shallow = evidence.ShallowClone,
            RunnerSize = evidence.RunnerSize,
            PathFiltered = evidence.PathFiltered,
            CancelsSuperseded = evidence.CancelsSuperseded,
            Timeout = evidence.HasTimeout,
            Retry = PipelineEvidence.Flag(run, "retry.enabled"),
        };
    }

    /// <summary>The changes between two snapshots, as catalog action ids.</summary>
    public static IReadOnlyList<string> Changes(PipelineSnapshot before, PipelineSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        if (!before.Cache && after.Cache)
        {
            changes.Add(ActionCatalog.CacheDependencies);
        }

        if (after.TestJobs > before.TestJobs)
        {
            changes.Add(ActionCatalog.ShardTests);
        }

        if (!before.Shallow && after.Shallow)
        {
            changes.Add(ActionCatalog.ShallowClone);
        }

        if (after.RunnerSize > before.RunnerSize)
        {
            changes.Add(ActionCatalog.LargerRunner);
        }

        if (after.RunnerSize < before.RunnerSize)
        {
            changes.Add(ActionCatalog.SmallerRunner);
        }

        if (!before.PathFiltered && after.PathFiltered)
        {
            changes.Add(ActionCatalog.PathFilters);
        }

        if (!before.CancelsSuperseded && after.CancelsSuperseded)
        {
            changes.Add(ActionCatalog.CancelSuperseded);
        }

        if (!before.Timeout && after.Timeout)
        {
            changes.Add(ActionCatalog.TimeoutFromP99);
        }

        if (!before.Retry && after.Retry)
        {
            changes.Add(ActionCatalog.RetryFlakyStep);
        }

        return changes;
    }

    /// <summary>
    /// What to credit: the suggested action if it was seen adopted; else the one observed change; else, when the suggestion
    /// is observable but nothing changed, <c>no-change</c> (it was not adopted); else the suggestion (assumed adopted).
    /// </summary>
    public static string Credit(string suggested, PipelineSnapshot before, PipelineSnapshot after)
    {
        var changes = Changes(before, after);
        if (changes.Contains(suggested))
        {
            return suggested;
        }

        if (changes.Count > 0)
        {
            return changes[0];
        }

        return IsObservable(suggested) ? ActionCatalog.NoChange : suggested;
    }
}
