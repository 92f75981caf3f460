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

    public double Prior(string action) => action switch
    {
        ActionCatalog.NoChange or ActionCatalog.DeployProceed => 0,
        ActionCatalog.DeployCanary or ActionCatalog.DeployBlueGreen => options.StricterDeploymentPrior,
        ActionCatalog.DeployHold => -RewardFunction.HoldPenalty,
        _ => options.TriggeredPrior,
    };
}
