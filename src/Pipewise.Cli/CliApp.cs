using System.CommandLine;
using Pipewise.Cli.Commands;

namespace Pipewise.Cli;

/// <summary>Builds the pipewise command tree. Each command area lives in its own file under Commands/.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Pipewise: forecasts, tuning suggestions and deployment gates for GitHub Actions and Azure DevOps pipelines.\n" +
            "Exit codes: 0 ok (any verdict in advise/dry-run), 1 gate failed in enforce mode, 2 bad usage or input, " +
            "3 Pipewise failed and fail-closed is set, 4 import finished but some rows were malformed, 5 import --from refused by the provider API.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        foreach (var command in ForecastCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in AgentCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(Commands.Telemetry.ExportCommand.Create());

        foreach (var command in HostCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == ServeCommand.Name)
        {
            // The gate service parses its own arguments (and prints its own --help).
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            return await ServeCommand.ForwardAsync(args[1..], cancel.Token).ConfigureAwait(false);
        }

        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"pipewise: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'pipewise --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            // Our handler, not System.CommandLine's: it prints a stack trace and exits 1 ("gate failed").
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return TopLevelErrors.Report(ex, args, CommonOptions.ProcessEnvironment(), Console.Error);
        }
    }
}
