using System.CommandLine;

namespace Pipewise.Cli.Commands;

/// <summary>Commands of this area; filled in by its issue.</summary>
public static class HostCommands
{
    public static IEnumerable<Command> Create() => [];
}
