using System.CommandLine;
using Pipewise.Composition;
using Pipewise.Core.Storage;
using Pipewise.Dashboard;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise report</c>: the dashboard as one self-contained HTML file.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var output = new Option<string>("--out") { Description = "The HTML file to write (self-contained: no script, no external resources).", DefaultValueFactory = _ => "pipewise-report.html" };
        var command = new Command("report", "Write the dashboard (runs with forecast vs actual duration, failure risk over time, recent verdicts with reasons, the agent's best action per state) as one self-contained HTML file, e.g. to publish as a build artifact.");
        command.Options.Add(store);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var parts = await PipewiseComponents.LoadAsync(new PipewiseSettings { Store = parse.GetValue(store)! }, TimeProvider.System, ct).ConfigureAwait(false);
                var path = Path.GetFullPath(parse.GetValue(output)!);
                await DashboardReport.WriteAsync(path, parts.Store, parts.Predictions, parts.Verdicts, parts.AgentPolicies, parts.Time, ct).ConfigureAwait(false);
                foreach (var note in parts.Notes)
                {
                    Console.WriteLine($"pipewise report: {note}");
                }

                Console.WriteLine($"pipewise report: wrote {path}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"pipewise report: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }
}
