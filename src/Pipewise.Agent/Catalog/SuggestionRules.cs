using System.Globalization;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Catalog;

/// <summary>The triggers of the action catalog (thresholds documented in docs/agent.md).</summary>
public static class SuggestionRules
{
    /// <summary>Per-job start-up overhead assumed when sizing test shards, in seconds (runner start + checkout + setup).</summary>
    public const double ShardOverheadFloorSeconds = 30;

    public const int MaxShards = 8;

    /// <summary>
    /// Every evidence-backed candidate for a finished run and the runs before it: the step-level triggers on
    /// <paramref name="evidence"/> and the run-level detectors (which need only times, result, branch, event, commit and
    /// attempt). <c>pipewise run</c> (through the agent) and <c>pipewise replay</c> both ask this.
    /// </summary>
    public static IReadOnlyList<Candidate> For(RunRecord run, IReadOnlyList<RunRecord> history, PipelineEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var list = new List<Candidate>(Tuning(evidence ?? PipelineEvidence.From(run, history)));
        foreach (var found in RunLevelDetectors.Detect(run, history))
        {
            if (found.ActionId == ActionCatalog.RetryIntermittent && list.Any(c => c.ActionId == ActionCatalog.RetryFlakyStep))
            {
                continue;
            }

            list.Add(found);
        }

        return list;
    }

    /// <summary>The step-level triggers (the run's steps, tests, runner and properties), with <c>no-change</c> first.</summary>
    public static IReadOnlyList<Candidate> Tuning(PipelineEvidence e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var list = new List<Candidate>
        {
            new(ActionCatalog.NoChange, "no change is always an option", 0, Empty),
        };
        var duration = e.DurationSeconds ?? e.MedianDurationSeconds ?? 0;

        if (!e.CacheUsed && e.DependencySeconds >= 30 && e.DependencySeconds >= 0.05 * duration)
        {
            list.Add(new(ActionCatalog.CacheDependencies,
                $"dependency install took {F(e.DependencySeconds)} s of {F(duration)} s and no cache step ran" +
                    (e.DependencyEcosystem == Ecosystem.Unknown ? string.Empty : $" ({e.DependencyEcosystem} packages, resolved from {CacheSnippets.LockFile(e.DependencyEcosystem)})"),
                0.7 * e.DependencySeconds,
                new Dictionary<string, string>
                {
                    [ActionCatalog.GitHubSnippetValue] = CacheSnippets.GitHub(e.DependencyEcosystem),
                    [ActionCatalog.AzureSnippetValue] = CacheSnippets.Azure(e.DependencyEcosystem),
                }));
        }

        if (e.TestSeconds is { } tests && tests >= 120 && e.TestShare is >= 0.3)
        {
            var jobDuration = duration / e.SummedOverJobs;
            var overhead = Math.Max(ShardOverheadFloorSeconds, e.CheckoutSeconds + e.DependencySeconds);
            var current = Math.Max(1, e.TestJobCount);
            var n = (int)Math.Clamp(Math.Round(Math.Sqrt(tests / overhead)), 2, MaxShards);
            double Wall(int k) => tests / k + k * overhead;
            if (n > current && Wall(current) - Wall(n) > 0.1 * jobDuration)
            {
                list.Add(new(ActionCatalog.ShardTests,
                    (e.SummedOverJobs > 1
                        ? $"tests took about {F(tests)} s per job over the build's {e.SummedOverJobs} jobs ({F(100 * e.TestShare.Value)} % of their time); with"
                        : $"tests took {F(tests)} s ({F(100 * e.TestShare.Value)} % of the run) in {current} job(s); with") + $" ~{F(overhead)} s overhead per job, {n} shards minimise test time / n + n × overhead",
                    Wall(current) - Wall(n),
                    new Dictionary<string, string> { ["n"] = n.ToString(CultureInfo.InvariantCulture), ["shards"] = string.Join(", ", Enumerable.Range(1, n)) }));
            }
        }

        if (!e.ShallowClone && e.CheckoutSeconds >= 20)
        {
            list.Add(new(ActionCatalog.ShallowClone, $"checkout took {F(e.CheckoutSeconds)} s", 0.6 * e.CheckoutSeconds, Empty));
        }

        if (e.DocsOnlyRecent >= 1 && !e.PathFiltered)
        {
            list.Add(new(ActionCatalog.PathFilters,
                $"{e.DocsOnlyRecent} of the last runs changed documentation only and ran the full pipeline",
                (e.MedianDurationSeconds ?? duration) * e.DocsOnlyRecent / 20.0, Empty));
        }

        if (e.RunnerSize < 3 && duration >= 120 && (e.CpuBoundShare >= 0.35 || e.CpuPercent >= 80))
        {
            list.Add(new(ActionCatalog.LargerRunner,
                $"build and test steps took {F(100 * e.CpuBoundShare)} % of {F(duration)} s" + (e.CpuPercent is { } cpu ? $" at {F(cpu)} % CPU" : string.Empty),
                0.3 * e.CpuBoundShare * duration, Empty));
        }

        if (e.RunnerKnown && ((e.RunnerSize == 3 && (e.CpuBoundShare < 0.25 || e.CpuPercent < 40)) || (e.RunnerSize == 2 && duration < 120)))
        {
            list.Add(new(ActionCatalog.SmallerRunner,
                $"the runner is {(e.RunnerSize == 3 ? "large" : "medium")} but CPU-bound steps are {F(100 * e.CpuBoundShare)} % of a {F(duration)} s run",
                null, Empty));
        }

        if (e.Retry.Recommended && !e.RetryEnabled && e.Retry.FailingStep is { } step)
        {
            var r = e.Retry;
            var minutes = (int)Math.Ceiling(Math.Max(1, 2 * (r.StepCostSeconds ?? 60) / 60.0));
            list.Add(new(ActionCatalog.RetryFlakyStep,
                $"step '{step}' failed without failing tests; {r.Succeeded} of {r.Observed} re-runs of such failures passed " +
                $"(estimated retry success {F(100 * r.SuccessProbability)} %, cost ~{F(r.StepCostSeconds ?? 0)} s per retry vs ~{F(r.RerunCostSeconds ?? 0)} s per manual re-run)",
                r.RerunCostSeconds is { } rerun ? r.SuccessProbability * Math.Max(0, rerun - (r.StepCostSeconds ?? 0)) : null,
                new Dictionary<string, string> { ["step"] = step, ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture) }));
        }

        return list;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
