using System.CommandLine;
using System.Globalization;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise monitor start</c>: starts the sampler as a detached child process and returns at once.</summary>
internal static class MonitorStartCommand
{
    public static Command Create()
    {
        var dir = MonitorCommandOptions.Dir();
        var interval = MonitorCommandOptions.Interval();
        var maxHours = MonitorCommandOptions.MaxHours();
        var command = new Command("start", "Start the background sampler (a detached child process) and return at once.") { dir, interval, maxHours };
        command.SetAction((parse, _) =>
        {
            var seconds = parse.GetValue(interval);
            var hours = parse.GetValue(maxHours);
            if (seconds is < 0.2 or > 300 || hours is <= 0 or > 72)
            {
                Console.Error.WriteLine("pipewise monitor start: --interval must be between 0.2 and 300 seconds and --max-hours between 0 and 72.");
                return Task.FromResult(ExitCodes.UsageError);
            }

            var folder = parse.GetValue(dir) ?? ResourceMonitor.DefaultDirectory(CommonOptions.ProcessEnvironment());
            try
            {
                var (exe, prefix) = SelfProcess.Command();
                var pid = ResourceMonitor.Start(
                    folder,
                    exe,
                    [
                        .. prefix, "monitor", "run", "--dir", folder,
                        "--interval", seconds.ToString(CultureInfo.InvariantCulture),
                        "--max-hours", hours.ToString(CultureInfo.InvariantCulture),
                    ]);
                Console.Out.WriteLine($"Pipewise: resource monitor running (process {pid.ToString(CultureInfo.InvariantCulture)}), samples every {seconds.ToString(CultureInfo.InvariantCulture)} s in {folder}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Optional telemetry: never fail the job for it.
                Console.Out.WriteLine($"Pipewise: could not start the resource monitor ({ex.Message}); the run goes on without resource samples.");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
