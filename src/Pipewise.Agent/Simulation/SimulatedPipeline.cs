using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// A seeded simulated pipeline run one run at a time, starting from the static default (untuned) configuration,
/// whose simulated team adopts suggestions as they come: what <c>pipewise demo</c> drives through the real loop.
/// The same draws, mechanics and timing as <see cref="SimulationRunner"/>.
/// </summary>
public sealed class SimulatedPipeline
{
    private readonly Scenario scenario;
    private readonly IReadOnlyList<RunDraw> draws;
    private readonly List<RunRecord> history = [];
    private DateTimeOffset t = SimulationRunner.Start;

    public SimulatedPipeline(Scenario scenario, int runs, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        this.scenario = scenario;
        draws = SimulationRunner.Draws(scenario, runs, seed);
    }

    /// <summary>The configuration now in place.</summary>
    public PipelineConfig Config { get; private set; } = PipelineConfig.Default;

    /// <summary>Runs made so far.</summary>
    public int Index { get; private set; }

    public bool HasNext => Index < draws.Count;

    /// <summary>The record(s) of the next run under the current configuration (attempt 1, and a re-run when there was one).</summary>
    public IReadOnlyList<RunRecord> Next()
    {
        if (!HasNext)
        {
            throw new InvalidOperationException($"All {draws.Count} simulated runs were made.");
        }

        var d = draws[Index];
        var forecastFailure = d.Risky ^ d.ForecastWrong ? 0.45 : 0.05;
        var outcome = PipelineSimulator.Outcome(scenario, Config, d, Config.Strategy, forecastFailure);
        var records = SimulatedRuns.Records(scenario, Config, d, outcome, Index, t);
        history.AddRange(records);
        var wall = records.Count > 0 ? (records[^1].FinishedAt!.Value - t).TotalSeconds : 0;
        t = d.Superseded ? t.AddSeconds(Math.Max(1, outcome.Wall > 0 ? outcome.Wall * d.SupersededAt : wall * d.SupersededAt)) : t.AddSeconds(Math.Max(2700, wall + 60));
        Index++;
        return records;
    }

    /// <summary>The simulated team adopts a suggestion; true when it changed the configuration.</summary>
    public bool Adopt(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var walls = history.Where(r => r.Result == RunResult.Succeeded).Select(r => r.EffectiveDurationSeconds).OfType<double>().Order().ToList();
        double? p99 = walls.Count == 0 ? null : walls[Math.Min(walls.Count - 1, (int)Math.Ceiling(0.99 * walls.Count) - 1)];
        var next = Config.Apply(suggestion, p99);
        var changed = next != Config;
        Config = next;
        return changed;
    }
}
