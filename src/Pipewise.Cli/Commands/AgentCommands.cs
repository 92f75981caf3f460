using System.CommandLine;
using System.Globalization;
using Pipewise.Agent;
using Pipewise.Agent.Learning;
using Pipewise.Agent.Simulation;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise agent show|reset</c> and <c>pipewise simulate [calibrate]</c>.</summary>
public static class AgentCommands
{
    private const string Pad = "                   ";

    public static IEnumerable<Command> Create() => [CreateAgent(), CreateSimulate()];

    private static Command CreateAgent()
    {
        var agent = new Command("agent", "Inspect or reset the SARSA agent's Q-tables (agents/<scope>.json in the store).");

        var showStore = CommonOptions.Store();
        var showScope = new Option<string?>("--scope") { Description = "The scope to show (as listed without --scope). Default: list the scopes and show each." };
        var show = new Command("show", "Print a Q-table readably: per state the best tuning action and deployment strategy, with values and visits.") { showStore, showScope };
        show.SetAction(async (parse, ct) =>
        {
            var store = CommonOptions.OpenStore(parse.GetValue(showStore)!);
            var scopes = parse.GetValue(showScope) is { Length: > 0 } one ? [one] : await QTableAdmin.ListScopesAsync(store, ct).ConfigureAwait(false);
            if (scopes.Count == 0)
            {
                Console.WriteLine($"No Q-table in {store.Description} yet: the agent writes one after its first run.");
                return ExitCodes.Ok;
            }

            var exit = ExitCodes.Ok;
            foreach (var scope in scopes)
            {
                try
                {
                    var doc = await QTableAdmin.ReadAsync(store, scope, ct).ConfigureAwait(false);
                    if (doc is null)
                    {
                        await Console.Error.WriteLineAsync($"pipewise agent show: no Q-table '{SarsaAgent.DocumentPath(scope)}' in {store.Description}.").ConfigureAwait(false);
                        exit = ExitCodes.UsageError;
                        continue;
                    }

                    Console.WriteLine(QTableAdmin.Render(scope, doc));
                }
                catch (QTableProblemException ex)
                {
                    await Console.Error.WriteLineAsync($"pipewise agent show: {ex.Message}").ConfigureAwait(false);
                    exit = ExitCodes.UsageError;
                }
            }

            return exit;
        });

        var resetStore = CommonOptions.Store();
        var resetScope = new Option<string>("--scope") { Description = "The scope to reset (see `pipewise agent show`).", Required = true };
        var reset = new Command("reset", "Archive a Q-table to agents/archive/<scope>-<timestamp>.json and start it afresh.") { resetStore, resetScope };
        reset.SetAction(async (parse, ct) =>
        {
            var store = CommonOptions.OpenStore(parse.GetValue(resetStore)!);
            var scope = parse.GetValue(resetScope)!;
            var archive = await QTableAdmin.ResetAsync(store, scope, TimeProvider.System, ct).ConfigureAwait(false);
            if (archive is null)
            {
                await Console.Error.WriteLineAsync($"pipewise agent reset: no Q-table '{SarsaAgent.DocumentPath(scope)}' in {store.Description}; nothing to reset.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            Console.WriteLine($"Archived {SarsaAgent.DocumentPath(scope)} to {archive} and cleared it.");
            return ExitCodes.Ok;
        });

        agent.Subcommands.Add(show);
        agent.Subcommands.Add(reset);
        return agent;
    }

    private static Command CreateSimulate()
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

        var input = new Option<string>("--input") { Description = "The travistorrent2021 folder (e.g. ../shared/data/ci-runs/travistorrent2021).", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "The C# file to write. Default src/Pipewise.Agent/Simulation/Calibration.cs.",
            DefaultValueFactory = _ => Path.Combine("src", "Pipewise.Agent", "Simulation", "Calibration.cs"),
        };
        var calibrate = new Command("calibrate", "Derive the simulator's calibration constants from real CI histories and write them as committed C# numbers.") { input, output };
        calibrate.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(input)!;
            IReadOnlyList<LanguageProfile> profiles;
            try
            {
                profiles = Calibrator.Run(folder);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"pipewise simulate calibrate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var target = parse.GetValue(output)!;
            await File.WriteAllTextAsync(target, Calibrator.ToCSharp(profiles, $"{folder.Replace('\\', '/')} ({string.Join(", ", profiles.Select(p => $"{p.Language}: {p.Builds} builds of {p.Projects} projects"))})"), ct).ConfigureAwait(false);
            foreach (var p in profiles)
            {
                Console.WriteLine(p);
            }

            Console.WriteLine($"Wrote {Path.GetFullPath(target)}.");
            return ExitCodes.Ok;
        });
        simulate.Subcommands.Add(calibrate);
        return simulate;
    }
}
