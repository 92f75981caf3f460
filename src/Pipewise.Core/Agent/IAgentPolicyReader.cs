using Pipewise.Core.Runs;

namespace Pipewise.Core.Agent;

/// <summary>
/// The agent's read model: what the tuning agent has learnt, read in the agent's own format. Implemented by the
/// agent project, so that dashboards and the gate service never re-derive the Q-table document or its scope names.
/// </summary>
public interface IAgentPolicyReader
{
    /// <summary>The best action per state of every stored Q-table (at most <paramref name="maxScopes"/> scopes).</summary>
    Task<AgentPolicies> ReadAsync(int maxScopes, CancellationToken cancellationToken = default);

    /// <summary>The scope names whose Q-tables cover a pipeline (pipeline, repository and organisation scopes).</summary>
    IReadOnlySet<string> ScopesOf(PipelineKey pipeline);
}
