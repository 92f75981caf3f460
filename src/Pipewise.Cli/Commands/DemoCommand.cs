using System.CommandLine;

namespace Pipewise.Cli.Commands;

public static class DemoCommand
{
    public static Command Create() => new("demo", "(being written)");
}
