namespace Pipewise.Core.Agent;

/// <summary>The agent's best action in one state of one Q-table scope, for dashboards.</summary>
public sealed record AgentPolicyRow(string Scope, string State, string BestAction, double Q, int Actions);
