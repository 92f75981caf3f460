namespace Pipewise.Agent.Simulation;

/// <summary>A configuration change the agent's suggestion caused, at a run index.</summary>
public sealed record AgentChange(int Run, string ActionId, bool Explored, string Configuration);
