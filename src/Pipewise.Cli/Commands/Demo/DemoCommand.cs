using System.CommandLine;
using System.Globalization;
using Pipewise.Agent.Simulation;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Import;
using RunOutcome = Pipewise.Core.Hosting.RunOutcome;
using Pipewise.Composition;
using Pipewise.Core.Assessment;
using Pipewise.Core.Runs;
using Pipewise.Dashboard;
using Pipewise.Dashboard.Fleet;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise demo</c>: the whole loop on the local store with no account. It generates a seeded, SIMULATED, untuned
/// pipeline (the agent simulator's calibrated pipelines, static default configuration), stores its history, then runs
/// collect → store → forecast → suggest → gate → learn run by run while a simulated team adopts the top suggestion,
/// and writes the HTML report.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var scenario = new Option<string>("--scenario")
        {
            Description = "The simulated pipeline: go-service, java-monolith, flaky-integration, busy-monorepo, risky-deploys. Default go-service.",
            DefaultValueFactory = _ => "go-service",
        };
        var runs = new Option<int>("--runs") { Description = "How many simulated runs in all: an untuned history, then the live runs. Default 160.", DefaultValueFactory = _ => 160 };
        var live = new Option<int>("--live")
        {
            Description = "How many runs after the history go through the full loop one by one, the simulated team adopting the top suggestion after each. Default 8.",
            DefaultValueFactory = _ => 8,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation and the agent. Default 7.", DefaultValueFactory = _ => 7 };
        var report = new Option<string?>("--report") { Description = "Where to write the HTML report. Default pipewise-report.html in the current folder." };
        var mode = new Option<string>("--mode") { Description = "Gate mode for the demo runs: advise (default), enforce, dry-run.", DefaultValueFactory = _ => "advise" };
        var command = new Command("demo", "Run the whole Pipewise loop on a seeded SIMULATED, untuned pipeline, on the local store, with no account: store its history, then run after run forecast, suggest, gate, learn while a simulated team adopts the suggestions, and write the HTML report.")
        {
            store, scenario, runs, live, seed, report, mode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(runs);
            var liveCount = parse.GetValue(live);
            if (count < 10 || liveCount < 1 || liveCount >= count)
            {
                await Console.Error.WriteLineAsync("pipewise demo: --runs must be ≥ 10 and --live between 1 and runs − 1").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            GateMode gateMode;
            try
            {
                gateMode = GatePolicyFile.TryParseMode(parse.GetValue(mode), out var parsed)
                    ? parsed
                    : throw new FormatException($"mode: expected advise, enforce or dry-run, found '{parse.GetValue(mode)}'");
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise demo: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var seedValue = parse.GetValue(seed);
            var scenarioName = parse.GetValue(scenario)!;
            Scenario chosen;
            try
            {
                chosen = Scenarios.Get(scenarioName);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise demo: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            // An untuned pipeline (the static default configuration): its history, then the live runs one by one.
            var pipeline = new SimulatedPipeline(chosen, count, seedValue);
            var history = new List<RunRecord>();
            while (pipeline.Index < count - liveCount)
            {
                history.AddRange(pipeline.Next());
            }

            var target = CommonOptions.OpenStore(parse.GetValue(store)!);
            Console.WriteLine($"Pipewise demo — SIMULATED data: scenario '{chosen.Name}' ({chosen.Description}), seed {seedValue}.");
            Console.WriteLine($"Store: {target.Description}");

            var stored = await new RunImporter(target).ImportAsync(history.Select((r, i) => ParsedRun.Ok("simulation", i + 1, r)).ToAsyncEnumerable(), ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"1. Stored {stored.Imported} simulated run(s) of an untuned pipeline ({stored.Duplicates} were already there from an earlier demo): {pipeline.Config}."));

            var parts = await PipewiseComponents.ForStoreAsync(target, new PipewiseSettings { Store = target.Description, AgentSeed = seedValue }, TimeProvider.System, ct).ConfigureAwait(false);
            var loop = new RunLoop(parts.CreateAssessor(new AssessorOptions()));
            var options = new GatePolicyOptions { Mode = gateMode };
            Console.WriteLine($"2. The next {liveCount} run(s) go through the loop (collect → store → forecast → suggest → gate → learn); after each, the simulated team adopts the top suggestion:");
            RunOutcome? last = null;
            while (pipeline.HasNext)
            {
                var records = pipeline.Next();
                RunOutcome? first = null;
                foreach (var record in records)
                {
                    last = await loop.ExecuteAsync(new FixedRunHost(record), options, ct).ConfigureAwait(false);
                    first ??= last;
                }

                if (first is null)
                {
                    Console.WriteLine("   (a docs-only change skipped by the path filter: no run)");
                    continue;
                }

                DemoLines.Run(first, records[0]);
                if (first.Decision?.Suggestions is [var top, ..])
                {
                    var adopted = pipeline.Adopt(top);
                    Console.WriteLine(adopted
                        ? $"      → the team adopts \"{top.Title}\"; the pipeline now runs with {pipeline.Config}"
                        : $"      → \"{top.Title}\" changes nothing the simulator models; the team keeps {pipeline.Config}");
                }

                await DemoLines.LearningAsync(parts.Store, records[0], first, ct).ConfigureAwait(false);
            }

            Console.WriteLine();
            Console.WriteLine("3. The newest run in full:");
            Console.WriteLine(LocalRunHost.PlainText(last!));

            var reportPath = parse.GetValue(report) ?? "pipewise-report.html";
            await DashboardReport.WriteAsync(reportPath, parts.Sources(), FleetPeriod.All, cancellationToken: ct).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"4. Report (forecast vs actual, risk over time, verdicts, the agent's policy): {Path.GetFullPath(reportPath)}");
            var simulation = SimulationRunner.Run(chosen, count, seedValue);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   The agent over {count} runs of this SIMULATION: default {simulation.Default.TotalSeconds / 3600:0.0} h of build+deploy, oracle {simulation.Oracle.TotalSeconds / 3600:0.0} h, agent {simulation.Agent.TotalSeconds / 3600:0.0} h (captured gain {simulation.CapturedGain:P0})."));
            Console.WriteLine("Next: 'pipewise runs --pipeline " + history[0].Pipeline + "', 'pipewise simulate --scenario all', 'pipewise serve' for the dashboard.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
