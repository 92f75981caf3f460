using System.CommandLine;
using System.Globalization;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise monitor stop</c>: stops the sampler and says how many samples it wrote.</summary>
internal static class MonitorStopCommand
{
    public static Command Create()
    {
        var dir = MonitorCommandOptions.Dir();
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
}
