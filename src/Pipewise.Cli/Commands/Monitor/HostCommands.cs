using System.CommandLine;

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
        monitor.Subcommands.Add(MonitorStartCommand.Create());
        monitor.Subcommands.Add(MonitorStopCommand.Create());
        monitor.Subcommands.Add(MonitorRunCommand.Create());
        return monitor;
    }
}
