using System.CommandLine;

namespace Pipewise.Cli.Commands;

public static class ImportCommand
{
    public static Command Create() => new("import", "(being written)");
}
