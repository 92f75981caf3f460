using System.CommandLine;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise monitor run</c> (hidden): the sampler loop itself, started by <c>monitor start</c>.</summary>
internal static class MonitorRunCommand
{
    public static Command Create()
    {
        var dir = MonitorCommandOptions.Dir();
        var interval = MonitorCommandOptions.Interval();
        var maxHours = MonitorCommandOptions.MaxHours();
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
}
