using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Learning;

/// <summary>
/// The agent's read model over the store: parses each <c>agents/&lt;scope&gt;.json</c> with the agent's own
/// document type and reports the best action per state. A table that cannot be read is a problem, not an exception.
/// </summary>
public sealed class QTablePolicyReader(IPipewiseStore store) : IAgentPolicyReader
{
    public async Task<AgentPolicies> ReadAsync(int maxScopes, CancellationToken cancellationToken = default)
    {
        var rows = new List<AgentPolicyRow>();
        var problems = new List<string>();
        IReadOnlyList<string> scopes;
        try
        {
            scopes = await QTableAdmin.ListScopesAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new AgentPolicies([], [$"The agent's Q-tables could not be listed: {ex.Message}"]);
        }

        foreach (var scope in scopes.Take(maxScopes))
        {
            try
            {
                if (await QTableAdmin.ReadAsync(store, scope, cancellationToken).ConfigureAwait(false) is { } table)
                {
                    rows.AddRange(Rows(scope, table));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add(ex.Message);
            }
        }

        return new AgentPolicies(rows, problems);
    }

    public IReadOnlySet<string> ScopesOf(PipelineKey pipeline) => new HashSet<string>(StringComparer.Ordinal)
    {
        SarsaAgent.ScopeOf(pipeline, AgentScopeKind.Pipeline),
        SarsaAgent.ScopeOf(pipeline, AgentScopeKind.Repository),
        SarsaAgent.ScopeOf(pipeline, AgentScopeKind.Organization),
    };

    /// <summary>The best action per visited state of one table, states in ordinal order.</summary>
    public static IEnumerable<AgentPolicyRow> Rows(string scope, QTableDocument table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.States
            .Where(s => s.Value.Count > 0)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s =>
            {
                var best = s.Value.MaxBy(a => a.Value.Q);
                return new AgentPolicyRow(scope, s.Key, best.Key, best.Value.Q, s.Value.Count);
            });
    }
}
