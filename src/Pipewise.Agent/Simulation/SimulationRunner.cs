using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// Runs the SARSA agent over a seeded simulated pipeline and compares it with the static default and the best fixed
/// configuration in hindsight (oracle). A library entry point for <c>pipewise simulate</c> and <c>pipewise demo</c>.
/// </summary>
public static class SimulationRunner
{
    public const int LearningWindow = 20;

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static SimulationResult Run(string scenario, int runs, int seed) => Run(Scenarios.Get(scenario), runs, seed);

    public static SimulationResult Run(Scenario scenario, int runs, int seed, AgentOptions? options = null) =>
        RunAsync(scenario, runs, seed, options).GetAwaiter().GetResult();

    public static IReadOnlyList<SimulationResult> RunAll(int runs, int seed) => [.. Scenarios.All.Select(s => Run(s, runs, seed))];

    public static IReadOnlyList<RunDraw> Draws(Scenario scenario, int runs, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new Random(HashCode(scenario.Name) ^ seed);
        return [.. Enumerable.Range(0, runs).Select(_ => PipelineSimulator.Draw(scenario, random))];
    }

    public static async Task<SimulationResult> RunAsync(Scenario scenario, int runs, int seed, AgentOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (runs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(runs), runs, "The number of simulated runs must be at least 1.");
        }

        var draws = Draws(scenario, runs, seed);
        var defaultPerRun = Fixed(scenario, PipelineConfig.Default, draws);
        var defaultTotals = Totals(defaultPerRun, PipelineConfig.Default);
        var (oracleConfig, oraclePerRun) = Oracle(scenario, draws, defaultTotals.Failures);
        var oracleTotals = Totals(oraclePerRun, oracleConfig);

        var clock = new SimulationClock(Start);
        var store = new InMemoryStore();
        var agentOptions = (options ?? new AgentOptions()) with { Seed = seed, Time = clock };
        var agent = new SarsaAgent(store, agentOptions);
        var config = PipelineConfig.Default;
        var history = new List<RunRecord>();
        var agentPerRun = new List<RunOutcome>();
        var changes = new List<AgentChange>();
        var decisions = new List<AgentDecision>();
        var agentRuns = new List<RunRecord>();
        var explorations = 0;
        var t = Start;
        for (var i = 0; i < runs; i++)
        {
            var d = draws[i];
            var forecastFailure = d.Risky ^ d.ForecastWrong ? 0.45 : 0.05;
            var buildOnly = PipelineSimulator.Outcome(scenario, config, d, DeploymentStrategy.Proceed, forecastFailure);
            var records = SimulatedRuns.Records(scenario, config, d, buildOnly, i, t);
            var strategy = DeploymentStrategy.Proceed;
            AgentDecision? decision = null;
            if (buildOnly.Stepped && records.Count > 0)
            {
                var run = records[0];
                clock.Set(run.FinishedAt ?? t);
                decision = await agent.StepAsync(
                    new AgentContext { Run = run, History = [.. history.TakeLast(32)], Forecast = ForecastFor(history, forecastFailure), Enforcing = false },
                    cancellationToken).ConfigureAwait(false);
                decisions.Add(decision);
                strategy = decision.Strategy;
                explorations += decision.Explored ? 1 : 0;
            }

            var outcome = PipelineSimulator.Outcome(scenario, config, d, strategy, forecastFailure);
            agentPerRun.Add(outcome);
            agentRuns.AddRange(records);
            history.AddRange(records);
            if (history.Count > 64)
            {
                history.RemoveRange(0, history.Count - 64);
            }

            if (decision is not null && records.Count > 0)
            {
                if (outcome.Deployed || (strategy == DeploymentStrategy.Hold && outcome.DeploySeconds > 0))
                {
                    await agent.RecordDeploymentOutcomeAsync(
                        records[0].Pipeline,
                        records[0].RunId,
                        new DeploymentRecord
                        {
                            Environment = "production (simulated)",
                            Strategy = ActionCatalog.ToActionId(strategy)["deploy-".Length..],
                            Result = strategy == DeploymentStrategy.Hold ? RunResult.Skipped : outcome.DeployFailed ? RunResult.Failed : RunResult.Succeeded,
                            DurationSeconds = outcome.DeploySeconds,
                        },
                        cancellationToken).ConfigureAwait(false);
                }
            }

            if (decision?.Suggestions is [var suggestion, ..])
            {
                var p99 = P99(history);
                var next = config.Apply(suggestion, p99);
                if (next != config)
                {
                    config = next;
                    // The team adopts what it was shown: the best-known suggestion, never an exploratory pick.
                    changes.Add(new AgentChange(i, suggestion.ActionId, false, config.ToString()));
                }
            }

            var wall = records.Count > 0 ? (records[^1].FinishedAt!.Value - t).TotalSeconds : 0;
            t = d.Superseded ? t.AddSeconds(Math.Max(1, outcome.Wall > 0 ? outcome.Wall * d.SupersededAt : wall * d.SupersededAt)) : t.AddSeconds(Math.Max(2700, wall + 60));
        }

        var agentTotals = Totals(agentPerRun, config);
        var curve = new List<LearningPoint>();
        for (var from = 0; from < runs; from += LearningWindow)
        {
            var to = Math.Min(runs, from + LearningWindow);
            double Mean(IReadOnlyList<RunOutcome> list) => list.Skip(from).Take(to - from).Average(o => o.BuildSeconds + o.DeploySeconds);
            curve.Add(new LearningPoint(from + 1, to, Mean(defaultPerRun), Mean(oraclePerRun), Mean(agentPerRun)));
        }

        return new SimulationResult
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Runs = runs,
            Seed = seed,
            Default = defaultTotals,
            Oracle = oracleTotals,
            Agent = agentTotals,
            LearningCurve = curve,
            AgentChanges = changes,
            Decisions = decisions,
            AgentRuns = agentRuns,
            Explorations = explorations,
        };
    }

    private static Forecast ForecastFor(List<RunRecord> history, double failure)
    {
        var durations = history.Where(r => r.Attempt == 1 && r.Result == RunResult.Succeeded).Select(r => r.EffectiveDurationSeconds).OfType<double>().TakeLast(10).ToList();
        var p50 = durations.Count > 0 ? Learning.RewardFunction.Median(durations) : 600;
        return new Forecast { DurationP50Seconds = p50, DurationP90Seconds = p50 * 1.3, FailureProbability = failure, ModelVersion = "simulated-forecaster" };
    }

    private static double? P99(List<RunRecord> history)
    {
        var walls = history.Where(r => r.Result == RunResult.Succeeded).Select(r => r.EffectiveDurationSeconds).OfType<double>().Order().ToList();
        return walls.Count == 0 ? null : walls[Math.Min(walls.Count - 1, (int)Math.Ceiling(0.99 * walls.Count) - 1)];
    }

    public static IReadOnlyList<RunOutcome> Fixed(Scenario scenario, PipelineConfig config, IReadOnlyList<RunDraw> draws)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(draws);
        return [.. draws.Select(d => PipelineSimulator.Outcome(scenario, config, d, config.Strategy, d.Risky ^ d.ForecastWrong ? 0.45 : 0.05))];
    }

    /// <summary>The best fixed configuration in hindsight: least total time among those with no more failures than the default.</summary>
    public static (PipelineConfig Config, IReadOnlyList<RunOutcome> PerRun) Oracle(Scenario scenario, IReadOnlyList<RunDraw> draws, int maxFailures) =>
        HindsightOracle.Search(scenario, draws, maxFailures);

    /// <summary>The JSON report of <c>pipewise simulate --json</c> (contract in docs/simulation.md).</summary>
    public static string ToJson(IReadOnlyList<SimulationResult> results) => SimulationJson.Write(results);

    private static PolicyTotals Totals(IReadOnlyList<RunOutcome> outcomes, PipelineConfig config) =>
        new(outcomes.Sum(o => o.BuildSeconds), outcomes.Sum(o => o.DeploySeconds), outcomes.Sum(o => o.Failures), config.ToString());

    private static int HashCode(string text)
    {
        // A stable hash (string.GetHashCode is randomised per process).
        unchecked
        {
            var h = 17;
            foreach (var c in text)
            {
                h = (h * 31) + c;
            }

            return h;
        }
    }
}
