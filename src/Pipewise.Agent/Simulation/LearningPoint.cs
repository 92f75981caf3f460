namespace Pipewise.Agent.Simulation;

/// <summary>Mean seconds (build + deploy) per run in one window of the history.</summary>
public sealed record LearningPoint(int FromRun, int ToRun, double DefaultSeconds, double OracleSeconds, double AgentSeconds);
