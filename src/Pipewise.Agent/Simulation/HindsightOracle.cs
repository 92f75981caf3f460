using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// The oracle of a simulation: the best fixed configuration in hindsight, the least total time among those with no
/// more failures than the default, found by trying every configuration on the same draws.
/// </summary>
internal static class HindsightOracle
{
    public static (PipelineConfig Config, IReadOnlyList<RunOutcome> PerRun) Search(Scenario scenario, IReadOnlyList<RunDraw> draws, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(draws);
        PipelineConfig best = PipelineConfig.Default;
        IReadOnlyList<RunOutcome> bestRuns = SimulationRunner.Fixed(scenario, best, draws);
        var bestTotal = bestRuns.Sum(o => o.BuildSeconds + o.DeploySeconds);
        foreach (var cache in new[] { false, true })
        {
            foreach (var shallow in new[] { false, true })
            {
                foreach (var paths in new[] { false, true })
                {
                    foreach (var cancel in new[] { false, true })
                    {
                        foreach (var retry in new[] { false, true })
                        {
                            for (var runner = 1; runner <= 3; runner++)
                            {
                                for (var shards = 1; shards <= SuggestionRules.MaxShards; shards++)
                                {
                                    foreach (var strategy in Enum.GetValues<DeploymentStrategy>())
                                    {
                                        var baseConfig = new PipelineConfig { Cache = cache, Shallow = shallow, PathFilters = paths, CancelSuperseded = cancel, Retry = retry, RunnerSize = runner, Shards = shards, Strategy = strategy };
                                        foreach (var config in new[] { baseConfig, baseConfig with { Timeout = true, TimeoutSeconds = 1.5 * NormalP99(scenario, baseConfig, draws) } })
                                        {
                                            var runs = SimulationRunner.Fixed(scenario, config, draws);
                                            var total = runs.Sum(o => o.BuildSeconds + o.DeploySeconds);
                                            if (total < bestTotal && runs.Sum(o => o.Failures) <= maxFailures)
                                            {
                                                best = config;
                                                bestRuns = runs;
                                                bestTotal = total;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return (best, bestRuns);
    }

    private static double NormalP99(Scenario scenario, PipelineConfig config, IReadOnlyList<RunDraw> draws)
    {
        var walls = draws.Where(d => !d.Hang).Select(d =>
        {
            var st = PipelineSimulator.Steps(scenario, config, d);
            return st.Checkout + st.CacheRestore + st.Dependencies + st.Services + st.Build + st.Test + PipelineSimulator.OtherSeconds;
        }).Order().ToList();
        return walls.Count == 0 ? PipelineSimulator.PlatformTimeoutSeconds : walls[Math.Min(walls.Count - 1, (int)Math.Ceiling(0.99 * walls.Count) - 1)];
    }
}
