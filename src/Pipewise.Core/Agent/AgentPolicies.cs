namespace Pipewise.Core.Agent;

/// <summary>Every scope's best actions, with the problems met while reading (a corrupt table is a problem, not an exception).</summary>
public sealed record AgentPolicies(IReadOnlyList<AgentPolicyRow> Rows, IReadOnlyList<string> Problems);
