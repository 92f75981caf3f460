using System.CommandLine;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise agent show|reset</c> and <c>pipewise simulate [calibrate]</c>.</summary>
public static class AgentCommands
{
    public static IEnumerable<Command> Create() => [AgentCommand.Create(), SimulateCommand.Create()];
}
