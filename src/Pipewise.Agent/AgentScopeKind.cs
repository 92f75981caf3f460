namespace Pipewise.Agent;

/// <summary>Which runs share one Q-table.</summary>
public enum AgentScopeKind
{
    Pipeline,
    Repository,
    Organization,
}
