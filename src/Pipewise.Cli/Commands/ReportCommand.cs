using System.CommandLine;
using Pipewise.Composition;
using Pipewise.Core.Storage;
using Pipewise.Dashboard;
using Pipewise.Dashboard.Fleet;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise report</c>: the dashboard's views as one self-contained HTML file.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var output = new Option<string>("--out") { Description = "The HTML file to write (self-contained: one inline script for sorting and search, no external resources).", DefaultValueFactory = _ => "pipewise-report.html" };
        var period = new Option<string>("--period") { Description = "The overview's period, ending at the newest stored run: 7d, 30d, 90d or all.", DefaultValueFactory = _ => "30d" };
        var pipelines = new Option<int>("--pipelines") { Description = "How many pipelines (most build minutes in the period first) get their full page in the file; the others are overview rows.", DefaultValueFactory = _ => DashboardReport.DetailedPipelines };
        var command = new Command("report", "Write the fleet overview (every pipeline: runs, build minutes, p50 and trend, failure rate, intermittent failures, regressions, last verdict, open suggestions) and the pages of the busiest pipelines (durations over time with the forecast band, failure risk against outcomes, verdicts with reasons, suggestions with snippets, the agent's policy in words) as one self-contained HTML file, e.g. to publish as a build artifact.");
        command.Options.Add(store);
        command.Options.Add(output);
        command.Options.Add(period);
        command.Options.Add(pipelines);
        command.SetAction(async (parse, ct) =>
        {
            if (!FleetPeriods.TryParse(parse.GetValue(period), out var chosen))
            {
                await Console.Error.WriteLineAsync($"pipewise report: --period must be 7d, 30d, 90d or all, not '{parse.GetValue(period)}'.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (parse.GetValue(pipelines) is < 0 or > 500)
            {
                await Console.Error.WriteLineAsync("pipewise report: --pipelines must be between 0 and 500.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            try
            {
                var parts = await PipewiseComponents.LoadAsync(new PipewiseSettings { Store = parse.GetValue(store)! }, TimeProvider.System, ct).ConfigureAwait(false);
                var path = Path.GetFullPath(parse.GetValue(output)!);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await DashboardReport.WriteAsync(path, parts.Sources(), chosen, parse.GetValue(pipelines), ct).ConfigureAwait(false);
                foreach (var note in parts.Notes)
                {
                    Console.WriteLine($"pipewise report: {note}");
                }

                var size = new FileInfo(path).Length;
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"pipewise report: wrote {path} ({size / 1024.0:0} KB in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)"));
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
