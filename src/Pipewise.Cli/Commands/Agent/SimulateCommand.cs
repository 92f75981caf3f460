using System.CommandLine;
using System.Globalization;
using Pipewise.Agent.Simulation;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise simulate</c>: the agent over seeded, calibrated pipelines against the default and the oracle.</summary>
internal static class SimulateCommand
{
    private const string Pad = "                   ";

    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = $"The simulated pipeline: {string.Join(", ", Scenarios.All.Select(s => s.Name))}, or all. Default all.",
            DefaultValueFactory = _ => "all",
        };
        var runs = new Option<int>("--runs") { Description = "Simulated runs per scenario. Default 200.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation and the agent. Default 42.", DefaultValueFactory = _ => 42 };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file ({\"simulated\": true, \"scenarios\": [...]})." };
        var simulate = new Command(
            "simulate",
            "SIMULATION: run the SARSA agent over seeded pipelines calibrated on real CI histories and compare it with the static " +
            "default and the best fixed configuration in hindsight (oracle). A test bench, not evidence about real pipelines.")
        { runs, scenario, seed, json };
        simulate.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(runs);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync($"pipewise simulate: --runs must be ≥ 1, found {count}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var name = parse.GetValue(scenario)!;
            IReadOnlyList<Scenario> selected;
            try
            {
                selected = string.Equals(name, "all", StringComparison.OrdinalIgnoreCase) ? Scenarios.All : [Scenarios.Get(name)];
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise simulate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var seedValue = parse.GetValue(seed);
            Console.WriteLine($"SIMULATION (seeded test bench calibrated on {Calibration.Source}; not evidence about real pipelines), {count} runs per scenario, seed {seedValue}.");
            var results = new List<SimulationResult>();
            foreach (var s in selected)
            {
                var r = await SimulationRunner.RunAsync(s, count, seedValue, cancellationToken: ct).ConfigureAwait(false);
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Scenario,-18} build+deploy h: default {r.Default.TotalSeconds / 3600,6:0.00} ({r.Default.Failures} failures)  oracle {r.Oracle.TotalSeconds / 3600,6:0.00} ({r.Oracle.Failures})  " +
                    $"agent {r.Agent.TotalSeconds / 3600,6:0.00} ({r.Agent.Failures})  captured gain {r.CapturedGain,6:P0}"));
                Console.WriteLine(Pad + "oracle: " + r.Oracle.Configuration);
                Console.WriteLine(Pad + "agent ends at: " + r.Agent.Configuration);
                var curve = string.Join("  ", r.LearningCurve.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.DefaultSeconds:0}/{p.OracleSeconds:0}/{p.AgentSeconds:0}")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Pad}learning curve (s/run, default/oracle/agent per {SimulationRunner.LearningWindow} runs): {curve}"));
            }

            if (parse.GetValue(json) is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, SimulationRunner.ToJson(results), ct).ConfigureAwait(false);
                Console.WriteLine($"Wrote {Path.GetFullPath(path)} (simulated).");
            }

            return ExitCodes.Ok;
        });

        simulate.Subcommands.Add(CalibrateCommand.Create());
        return simulate;
    }
}
