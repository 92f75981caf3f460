using System.CommandLine;

namespace Pipewise.Cli.Commands;

public static class RunCommand
{
    public static Command Create() => new("run", "(being written)");
}
