namespace Pipewise.Core.Agent;

/// <summary>The SARSA agent as the run loop sees it: learn from the previous decision's reward, then decide.</summary>
public interface ITuningAgent
{
    Task<AgentDecision> StepAsync(AgentContext context, CancellationToken cancellationToken = default);
}
