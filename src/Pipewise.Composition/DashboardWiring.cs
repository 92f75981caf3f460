using Pipewise.Dashboard;

namespace Pipewise.Composition;

/// <summary>The dashboard's sources from the wired parts (the report command, the demo and the gate service read the same).</summary>
public static class DashboardWiring
{
    public static DashboardSources Sources(this PipewiseComponents parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new DashboardSources
        {
            Store = parts.Store,
            Forecaster = parts.Forecaster,
            Predictions = parts.Predictions,
            Verdicts = parts.Verdicts,
            AgentPolicies = parts.AgentPolicies,
            Insights = parts.Insights,
            Time = parts.Time,
        };
    }
}
