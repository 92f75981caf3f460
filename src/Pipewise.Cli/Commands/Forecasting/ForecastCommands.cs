using System.CommandLine;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise backtest</c>, <c>pipewise train</c> and <c>pipewise model list|promote|rollback</c>.</summary>
public static class ForecastCommands
{
    public static IEnumerable<Command> Create() => [BacktestCommand.Create(), TrainCommand.Create(), ModelCommands.Create()];
}
