using System.CommandLine;
using Pipewise.Agent;
using Pipewise.Agent.Learning;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise agent show|reset</c>: the SARSA agent's Q-tables in the store.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var agent = new Command("agent", "Inspect or reset the SARSA agent's Q-tables (agents/<scope>.json in the store).");

        var showStore = CommonOptions.Store();
        var showScope = new Option<string?>("--scope") { Description = "The scope to show (as listed without --scope). Default: list the scopes and show each." };
        var show = new Command("show", "Print a Q-table readably: per state the best tuning action and deployment strategy, with values and visits.") { showStore, showScope };
        show.SetAction(async (parse, ct) =>
        {
            var store = CommonOptions.OpenStore(parse.GetValue(showStore)!);
            var scopes = parse.GetValue(showScope) is { Length: > 0 } one ? [one] : await QTableAdmin.ListScopesAsync(store, ct).ConfigureAwait(false);
            if (scopes.Count == 0)
            {
                Console.WriteLine($"No Q-table in {store.Description} yet: the agent writes one after its first run.");
                return ExitCodes.Ok;
            }

            var exit = ExitCodes.Ok;
            foreach (var scope in scopes)
            {
                try
                {
                    var doc = await QTableAdmin.ReadAsync(store, scope, ct).ConfigureAwait(false);
                    if (doc is null)
                    {
                        await Console.Error.WriteLineAsync($"pipewise agent show: no Q-table '{SarsaAgent.DocumentPath(scope)}' in {store.Description}.").ConfigureAwait(false);
                        exit = ExitCodes.UsageError;
                        continue;
                    }

                    Console.WriteLine(QTableAdmin.Render(scope, doc));
                }
                catch (QTableProblemException ex)
                {
                    await Console.Error.WriteLineAsync($"pipewise agent show: {ex.Message}").ConfigureAwait(false);
                    exit = ExitCodes.UsageError;
                }
            }

            return exit;
        });

        var resetStore = CommonOptions.Store();
        var resetScope = new Option<string>("--scope") { Description = "The scope to reset (see `pipewise agent show`).", Required = true };
        var reset = new Command("reset", "Archive a Q-table to agents/archive/<scope>-<timestamp>.json and start it afresh.") { resetStore, resetScope };
        reset.SetAction(async (parse, ct) =>
        {
            var store = CommonOptions.OpenStore(parse.GetValue(resetStore)!);
            var scope = parse.GetValue(resetScope)!;
            var archive = await QTableAdmin.ResetAsync(store, scope, TimeProvider.System, ct).ConfigureAwait(false);
            if (archive is null)
            {
                await Console.Error.WriteLineAsync($"pipewise agent reset: no Q-table '{SarsaAgent.DocumentPath(scope)}' in {store.Description}; nothing to reset.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            Console.WriteLine($"Archived {SarsaAgent.DocumentPath(scope)} to {archive} and cleared it.");
            return ExitCodes.Ok;
        });

        agent.Subcommands.Add(show);
        agent.Subcommands.Add(reset);
        return agent;
    }
}
