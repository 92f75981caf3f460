using Pipewise.Agent.Catalog;

namespace Pipewise.Agent.Learning;

/// <summary>
/// ε-greedy choice of a tuning action and a deployment strategy, ε decaying with the table's steps. Exploration of
/// strategies is safe in enforce mode: only strategies at least as strict as the greedy one are explored.
/// </summary>
internal sealed class EpsilonGreedy(AgentOptions options, QValues values)
{
    public SarsaAgent.Choice Choose(QTableDocument doc, AgentState state, IReadOnlyList<Candidate> candidates, bool enforcing, SarsaAgent.Draws draws)
    {
        var epsilon = options.Epsilon(doc.Stats.Steps);
        var tuningIds = candidates.Select(c => c.ActionId).ToList();
        var greedyTuning = tuningIds.MaxBy(a => values.Value(doc, state.Key, a))!;
        var tuning = greedyTuning;
        var exploredTuning = false;
        if (draws.Tuning < epsilon && tuningIds.Count > 1)
        {
            tuning = tuningIds[Math.Min(tuningIds.Count - 1, (int)(draws.TuningPick * tuningIds.Count))];
            exploredTuning = tuning != greedyTuning;
        }

        var deployIds = ActionCatalog.DeploymentIds;
        var greedyDeploy = deployIds.MaxBy(a => values.Value(doc, state.Key, a))!;
        var deploy = greedyDeploy;
        var exploredDeploy = false;
        if (draws.Deployment < epsilon)
        {
            // Safe exploration: in enforce mode only strategies at least as strict as the greedy one are explored.
            var floor = ActionCatalog.Strictness(ActionCatalog.ToStrategy(greedyDeploy));
            var allowed = enforcing ? deployIds.Where(a => ActionCatalog.Strictness(ActionCatalog.ToStrategy(a)) >= floor).ToList() : [.. deployIds];
            deploy = allowed[Math.Min(allowed.Count - 1, (int)(draws.DeploymentPick * allowed.Count))];
            exploredDeploy = deploy != greedyDeploy;
        }

        return new SarsaAgent.Choice(tuning, exploredTuning, deploy, exploredDeploy) { GreedyTuning = greedyTuning, GreedyDeployment = greedyDeploy };
    }
}
