using System.CommandLine;

namespace Pipewise.Cli.Commands;

/// <summary>The options the <c>monitor</c> subcommands share.</summary>
internal static class MonitorCommandOptions
{
    public static Option<string?> Dir() => new("--dir")
    {
        Description = "Folder for the samples. Default: $RUNNER_TEMP/pipewise-monitor (GitHub), $AGENT_TEMPDIRECTORY/pipewise-monitor (Azure Pipelines), else the system temp folder.",
    };

    public static Option<double> Interval() => new("--interval")
    {
        Description = "Seconds between samples (0.2–300). Default 5.",
        DefaultValueFactory = _ => 5,
    };

    public static Option<double> MaxHours() => new("--max-hours")
    {
        Description = "Stop sampling by itself after this many hours. Default 6 (the longest GitHub-hosted job).",
        DefaultValueFactory = _ => 6,
    };
}
