using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Learning;

/// <summary>
/// Writes one SARSA step into a Q-table document: credits the reward of the finished run to the decision in force
/// when it started, records the new pending decision and deployment, and credits delayed deployment outcomes
/// (each key once; the lists are bounded).
/// </summary>
internal sealed class SarsaUpdater(AgentOptions options, QValues values)
{
    public void ApplyStep(QTableDocument doc, RunRecord run, string pipelineKey, string rewardKey, string state, SarsaAgent.Choice choice, PipelineSnapshot snapshot, double reward, DateTimeOffset now)
    {
        if (!doc.Decisions.TryGetValue(pipelineKey, out var decisions))
        {
            decisions = [];
            doc.Decisions[pipelineKey] = decisions;
        }

        var order = run.OrderValue;
        var previous = decisions.Where(d => d.Order < order).MaxBy(d => d.Order);
        if (previous is not null && run.Attempt == 1)
        {
            var credited = Adoption.Credit(previous.Action, previous.Snapshot, snapshot);
            // a′ is the action in force for the next run: the best-known one, the only one a person was shown.
            var target = SarsaAgent.SarsaTarget(reward, values.Value(doc, state, choice.GreedyTuning), options.Gamma);
            Update(doc, previous.State, credited, target);
            doc.Stats.RewardsApplied++;
            doc.Stats.RewardSum += reward;
        }

        if (run.Attempt == 1 && decisions.All(d => d.Order != order))
        {
            decisions.Add(new PendingDecision
            {
                RunKey = rewardKey,
                Order = order,
                State = state,
                Action = choice.GreedyTuning,
                Explored = choice.ExploredTuning ? choice.Tuning : null,
                Snapshot = snapshot,
                At = now,
            });
            decisions.Sort((a, b) => a.Order.CompareTo(b.Order));
            if (decisions.Count > QTableDocument.DecisionsPerPipeline)
            {
                decisions.RemoveRange(0, decisions.Count - QTableDocument.DecisionsPerPipeline);
            }
        }

        var deployKey = SarsaAgent.DeploymentKey(run.Pipeline, run.RunId);
        if (!doc.PendingDeployments.ContainsKey(deployKey) && !doc.AppliedKeys.Contains(deployKey))
        {
            doc.PendingDeployments[deployKey] = new PendingDeployment
            {
                State = state,
                Action = choice.GreedyDeployment,
                Explored = choice.ExploredDeployment ? choice.Deployment : null,
                At = now,
            };
            if (doc.PendingDeployments.Count > QTableDocument.PendingDeploymentLimit)
            {
                foreach (var old in doc.PendingDeployments.OrderBy(p => p.Value.At).Take(doc.PendingDeployments.Count - QTableDocument.PendingDeploymentLimit).Select(p => p.Key).ToList())
                {
                    doc.PendingDeployments.Remove(old);
                }
            }
        }

        AddApplied(doc, rewardKey);
        doc.Stats.Steps++;
        if (choice.ExploredTuning || choice.ExploredDeployment)
        {
            doc.Stats.Explorations++;
        }

        doc.UpdatedAt = now;
    }

    public bool CreditDeployment(QTableDocument doc, string key, DeploymentRecord deployment)
    {
        if (doc.AppliedKeys.Contains(key) || !doc.PendingDeployments.TryGetValue(key, out var pending))
        {
            return false;
        }

        var used = ParseStrategy(deployment.Strategy) ?? ActionCatalog.ToStrategy(pending.Action);
        var r = RewardFunction.Deployment(deployment, used);

        // A deployment ends its episode: γ = 0 for the deployment head.
        Update(doc, pending.State, ActionCatalog.ToActionId(used), r);
        doc.PendingDeployments.Remove(key);
        AddApplied(doc, key);
        doc.Stats.DeploymentRewardsApplied++;
        doc.Stats.DeploymentRewardSum += r;
        return true;
    }

    private void Update(QTableDocument doc, string state, string action, double target)
    {
        if (!doc.States.TryGetValue(state, out var row))
        {
            row = [];
            doc.States[state] = row;
        }

        if (!row.TryGetValue(action, out var entry))
        {
            entry = new QEntry { Q = values.Value(doc, state, action), N = 0 };
            row[action] = entry;
        }
        else if (entry.N == 0)
        {
            entry.Q = values.Value(doc, state, action);
        }

        entry.Q = SarsaAgent.SarsaUpdate(entry.Q, target, options.Alpha);
        entry.N++;
    }

    private static void AddApplied(QTableDocument doc, string key)
    {
        doc.AppliedKeys.Add(key);
        if (doc.AppliedKeys.Count > QTableDocument.AppliedKeyLimit)
        {
            doc.AppliedKeys.RemoveRange(0, doc.AppliedKeys.Count - QTableDocument.AppliedKeyLimit);
        }
    }

    internal static DeploymentStrategy? ParseStrategy(string? text) => text?.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
    {
        "proceed" or "rolling" or "runonce" => DeploymentStrategy.Proceed,
        "canary" => DeploymentStrategy.Canary,
        "bluegreen" => DeploymentStrategy.BlueGreen,
        "hold" => DeploymentStrategy.Hold,
        _ => null,
    };
}
