using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;

namespace Pipewise.Dashboard;

/// <summary>What the pages read: the store and, where wired, the forecaster, forecast history, verdicts, the agent's tables and insights.</summary>
public sealed record DashboardSources
{
    public required IPipewiseStore Store { get; init; }
    public IForecaster? Forecaster { get; init; }
    public IPredictionTracker? Predictions { get; init; }
    public IVerdictLog? Verdicts { get; init; }
    public IAgentPolicyReader? AgentPolicies { get; init; }
    public IPipelineInsights? Insights { get; init; }
    public required TimeProvider Time { get; init; }
}
