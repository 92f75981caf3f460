using System.CommandLine;
using System.Globalization;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Cli.Commands;

/// <summary>
/// Host-side helpers: <c>pipewise monitor start|stop</c> samples the runner's CPU, memory, disk and network in the
/// background (a detached child process writing to RUNNER_TEMP / AGENT_TEMPDIRECTORY), so that the final
/// <c>pipewise run</c> step can add the samples to the run record.
/// </summary>
public static class HostCommands
{
    public static IEnumerable<Command> Create() => [Monitor()];

    private static Command Monitor()
    {
        var monitor = new Command("monitor", "Sample the runner's CPU, memory, disk and network in the background for this job. Run 'monitor start' early in the job; 'pipewise run' reads (and stops) it at the end.");
        monitor.Subcommands.Add(Start());
        monitor.Subcommands.Add(Stop());
        monitor.Subcommands.Add(RunLoop());
        return monitor;
    }

    private static Option<string?> DirOption() => new("--dir")
    {
        Description = "Folder for the samples. Default: $RUNNER_TEMP/pipewise-monitor (GitHub), $AGENT_TEMPDIRECTORY/pipewise-monitor (Azure Pipelines), else the system temp folder.",
    };

    private static Option<double> IntervalOption() => new("--interval")
    {
        Description = "Seconds between samples (0.2–300). Default 5.",
        DefaultValueFactory = _ => 5,
    };

    private static Option<double> MaxHoursOption() => new("--max-hours")
    {
        Description = "Stop sampling by itself after this many hours. Default 6 (the longest GitHub-hosted job).",
        DefaultValueFactory = _ => 6,
    };

    private static Command Start()
    {
        var dir = DirOption();
        var interval = IntervalOption();
        var maxHours = MaxHoursOption();
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
                var (exe, prefix) = Self();
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

    private static Command Stop()
    {
        var dir = DirOption();
        var command = new Command("stop", "Stop the background sampler. 'pipewise run' also stops it before reading the samples.") { dir };
        command.SetAction((parse, _) =>
        {
            var folder = parse.GetValue(dir) ?? ResourceMonitor.DefaultDirectory(CommonOptions.ProcessEnvironment());
            try
            {
                var wasRunning = ResourceMonitor.Stop(folder);
                var count = SamplesFile.Read(folder)?.Count ?? 0;
                Console.Out.WriteLine(wasRunning
                    ? $"Pipewise: resource monitor stopped; {count.ToString(CultureInfo.InvariantCulture)} sample(s) in {folder}."
                    : $"Pipewise: no resource monitor was running; {count.ToString(CultureInfo.InvariantCulture)} sample(s) in {folder}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Out.WriteLine($"Pipewise: could not stop the resource monitor ({ex.Message}).");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command RunLoop()
    {
        var dir = DirOption();
        var interval = IntervalOption();
        var maxHours = MaxHoursOption();
        var command = new Command("run", "The sampler loop itself (started by 'monitor start').") { dir, interval, maxHours };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(dir) ?? ResourceMonitor.DefaultDirectory(CommonOptions.ProcessEnvironment());
            var options = MonitorOptions.Clamped(parse.GetValue(interval), parse.GetValue(maxHours));
            try
            {
                await SamplerLoop.RunAsync(folder, options, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ExitCodes.Ok;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>How to start this program again: the apphost / tool shim itself, or `dotnet pipewise.dll`.</summary>
    private static (string Exe, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running program is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Running as `dotnet pipewise.dll`: the entry assembly sits beside the app (AppContext.BaseDirectory also works single-file).
            var dll = Path.Combine(AppContext.BaseDirectory, "pipewise.dll");
            return (process, [dll]);
        }

        return (process, []);
    }
}
