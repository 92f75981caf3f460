using System.Text.Json;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Simulation;

/// <summary>Totals of one policy over a simulated history.</summary>
public sealed record PolicyTotals(double BuildSeconds, double DeploySeconds, int Failures, string Configuration)
{
    public double TotalSeconds => BuildSeconds + DeploySeconds;
}

/// <summary>Mean seconds (build + deploy) per run in one window of the history.</summary>
public sealed record LearningPoint(int FromRun, int ToRun, double DefaultSeconds, double OracleSeconds, double AgentSeconds);

/// <summary>A configuration change the agent's suggestion caused, at a run index.</summary>
public sealed record AgentChange(int Run, string ActionId, bool Explored, string Configuration);

/// <summary>The result of one simulated scenario (always a simulation, never evidence about the real world).</summary>
public sealed record SimulationResult
{
    public bool Simulated => true;
    public required string Scenario { get; init; }
    public required string Description { get; init; }
    public required int Runs { get; init; }
    public required int Seed { get; init; }
    public required PolicyTotals Default { get; init; }
    public required PolicyTotals Oracle { get; init; }
    public required PolicyTotals Agent { get; init; }
    public required IReadOnlyList<LearningPoint> LearningCurve { get; init; }
    public required IReadOnlyList<AgentChange> AgentChanges { get; init; }
    public required IReadOnlyList<AgentDecision> Decisions { get; init; }
    public required IReadOnlyList<RunRecord> AgentRuns { get; init; }
    public int Explorations { get; init; }

    /// <summary>(default − agent) / (default − oracle) on total build + deploy time; 1 when the oracle gains nothing and the agent loses nothing.</summary>
    public double CapturedGain
    {
        get
        {
            var gain = Default.TotalSeconds - Oracle.TotalSeconds;
            if (gain <= 1e-9)
            {
                return Agent.TotalSeconds <= Default.TotalSeconds ? 1 : 0;
            }

            return (Default.TotalSeconds - Agent.TotalSeconds) / gain;
        }
    }
}

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
            var records = PipelineSimulator.Records(scenario, config, d, buildOnly, i, t);
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
                    changes.Add(new AgentChange(i, suggestion.ActionId, decision.Explored, config.ToString()));
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
    public static (PipelineConfig Config, IReadOnlyList<RunOutcome> PerRun) Oracle(Scenario scenario, IReadOnlyList<RunDraw> draws, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(draws);
        PipelineConfig best = PipelineConfig.Default;
        IReadOnlyList<RunOutcome> bestRuns = Fixed(scenario, best, draws);
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
                                            var runs = Fixed(scenario, config, draws);
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

    /// <summary>The JSON report of <c>pipewise simulate --json</c> (contract in docs/simulation.md).</summary>
    public static string ToJson(IReadOnlyList<SimulationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("simulated", true);
            w.WriteString("note", "SIMULATION: a seeded test bench calibrated on real CI histories; not evidence about real pipelines.");
            w.WriteString("calibration", Calibration.Source);
            w.WriteStartArray("scenarios");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Scenario);
                w.WriteString("description", r.Description);
                w.WriteNumber("runs", r.Runs);
                w.WriteNumber("seed", r.Seed);
                void Totals(string name, PolicyTotals p)
                {
                    w.WriteStartObject(name);
                    w.WriteNumber("build_s", Math.Round(p.BuildSeconds, 1));
                    w.WriteNumber("deploy_s", Math.Round(p.DeploySeconds, 1));
                    w.WriteNumber("failures", p.Failures);
                    w.WriteString("config", p.Configuration);
                    w.WriteEndObject();
                }

                Totals("default", r.Default);
                Totals("oracle", r.Oracle);
                Totals("agent", r.Agent);
                w.WriteNumber("captured_gain", Math.Round(r.CapturedGain, 4));
                w.WriteNumber("explorations", r.Explorations);
                w.WriteStartArray("learning_curve");
                foreach (var p in r.LearningCurve)
                {
                    w.WriteStartObject();
                    w.WriteNumber("from_run", p.FromRun);
                    w.WriteNumber("to_run", p.ToRun);
                    w.WriteNumber("default_s_per_run", Math.Round(p.DefaultSeconds, 1));
                    w.WriteNumber("oracle_s_per_run", Math.Round(p.OracleSeconds, 1));
                    w.WriteNumber("agent_s_per_run", Math.Round(p.AgentSeconds, 1));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("agent_changes");
                foreach (var c in r.AgentChanges)
                {
                    w.WriteStartObject();
                    w.WriteNumber("run", c.Run + 1);
                    w.WriteString("action", c.ActionId);
                    w.WriteBoolean("explored", c.Explored);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>A settable clock for the simulation.</summary>
public sealed class SimulationClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public void Set(DateTimeOffset value) => now = value;

    public override DateTimeOffset GetUtcNow() => now;
}
