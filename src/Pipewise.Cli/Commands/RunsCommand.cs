using System.CommandLine;

namespace Pipewise.Cli.Commands;

public static class RunsCommand
{
    public static Command Create() => new("runs", "(being written)");
}
