using Pipewise.Agent.Catalog;

namespace Pipewise.Agent.Learning;

/// <summary>
/// The value the agent acts on for a state and an action: Q(s,a) where visited, else what the action earned in
/// similar or other states, else a prior from the options.
/// </summary>
internal sealed class QValues(AgentOptions options)
{
    /// <summary>Q(s,a) if visited; else the mean of Q(·,a) over visited states with the same configuration part; else the prior.</summary>
    public double Value(QTableDocument doc, string state, string action)
    {
        if (doc.States.TryGetValue(state, out var row) && row.TryGetValue(action, out var entry) && entry.N > 0)
        {
            return entry.Q;
        }

        var deployment = ActionCatalog.DeploymentIds.Contains(action);
        var coarse = AgentState.CoarseOf(state, deployment);
        double sum = 0;
        var count = 0;
        foreach (var (key, other) in doc.States)
        {
            if (other.TryGetValue(action, out var e) && e.N > 0 && AgentState.CoarseOf(key, deployment) == coarse)
            {
                sum += e.Q;
                count++;
            }
        }

        if (count > 0)
        {
            return sum / count;
        }

        if (deployment)
        {
            // A strategy is never borrowed from a state of another risk: what proceed earned on safe changes says
            // nothing about risky ones. Same risk, any anomaly; else the risk-aware prior.
            var risk = RiskOf(state);
            foreach (var (key, other) in doc.States)
            {
                if (other.TryGetValue(action, out var e) && e.N > 0 && RiskOf(key) == risk)
                {
                    sum += e.Q;
                    count++;
                }
            }

            return count > 0 ? sum / count : Prior(action, risk);
        }

        // Tried elsewhere in this table: the mean of what it earned there (optimism only for actions never tried).
        foreach (var other in doc.States.Values)
        {
            if (other.TryGetValue(action, out var e) && e.N > 0)
            {
                sum += e.Q;
                count++;
            }
        }

        return count > 0 ? sum / count : Prior(action);
    }

    /// <summary>
    /// The prior of a strategy in a state of the given risk bucket: the catalog prior plus what the documented deployment
    /// reward expects from the risk, at the bucket's lower bound p (low 0, mid 0.1, high 0.3): a failure costs
    /// DowntimePenalty × blast radius instead of earning the success bonus, so Δ = p × (−3 × blast − 0.2). Hold deploys
    /// nothing and keeps its prior. At low risk this is the catalog prior.
    /// </summary>
    public double Prior(string action, string? risk)
    {
        var p = risk switch { "high" => StateDiscretiser.HighRisk, "mid" => StateDiscretiser.MidRisk, _ => 0 };
        if (action == ActionCatalog.DeployHold || !ActionCatalog.DeploymentIds.Contains(action))
        {
            return Prior(action);
        }

        var blast = RewardFunction.BlastRadius(ActionCatalog.ToStrategy(action));
        return Prior(action) + (p * ((-RewardFunction.DowntimePenalty * blast) - RewardFunction.DeploySuccessBonus));
    }

    private static string? RiskOf(string key) =>
        key.Split('|').FirstOrDefault(p => p.StartsWith("risk=", StringComparison.Ordinal))?["risk=".Length..];

    public double Prior(string action) => action switch
    {
        ActionCatalog.NoChange or ActionCatalog.DeployProceed => 0,
        ActionCatalog.DeployCanary or ActionCatalog.DeployBlueGreen => options.StricterDeploymentPrior,
        ActionCatalog.DeployHold => -RewardFunction.HoldPenalty,
        _ => options.TriggeredPrior,
    };
}
