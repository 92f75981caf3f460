using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent;

/// <summary>Creates the agent the CLI and the gate service use.</summary>
public static class SarsaAgentFactory
{
    public static ITuningAgent Create(IPipewiseStore store, AgentOptions options) => new SarsaAgent(store, options);
}

/// <summary>
/// Tabular SARSA over the action catalog. Each step: discretise the state s′ of the finished run, choose a′ ε-greedily,
/// credit the reward of this run to the decision (s, a) in force when it started (a being what was actually adopted),
/// Q(s,a) ← Q(s,a) + α[r + γ Q(s′,a′) − Q(s,a)], and store a′ as the new pending decision. The Q-table is one JSON
/// document per scope, written with If-Match and idempotent per run.
/// </summary>
public sealed class SarsaAgent : ITuningAgent
{
    public const string DocumentPrefix = "agents/";

    private readonly IPipewiseStore store;
    private readonly AgentOptions options;
    private readonly Random random;
    private readonly Lock randomLock = new();

    public SarsaAgent(IPipewiseStore store, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.store = store;
        this.options = options;
        random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    public AgentOptions Options => options;

    /// <summary>The scope name of a pipeline: its parts percent-escaped and joined with '+'.</summary>
    public static string ScopeOf(PipelineKey pipeline, AgentScopeKind kind) => kind switch
    {
        AgentScopeKind.Organization => string.Join('+', "org", KeyEscaping.Escape(pipeline.Provider), KeyEscaping.Escape(pipeline.Organization)),
        AgentScopeKind.Repository => string.Join('+', "repo", KeyEscaping.Escape(pipeline.Provider), KeyEscaping.Escape(pipeline.Organization), KeyEscaping.Escape(pipeline.Repository)),
        _ => string.Join('+', "pipeline", KeyEscaping.Escape(pipeline.Provider), KeyEscaping.Escape(pipeline.Organization), KeyEscaping.Escape(pipeline.Repository), KeyEscaping.Escape(pipeline.PipelineId)),
    };

    public static string DocumentPath(string scope) => $"{DocumentPrefix}{scope}.json";

    /// <summary>The key under which a run's reward is applied once: re-runs (attempt &gt; 1) and retried jobs share it.</summary>
    public static string RewardKey(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{run.Pipeline}#{run.RunId}";
    }

    public async Task<AgentDecision> StepAsync(AgentContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.Run;
        var evidence = PipelineEvidence.From(run, context.History);
        var state = StateDiscretiser.From(context, evidence);
        var candidates = SuggestionRules.Tuning(evidence);
        var snapshot = Adoption.Snapshot(evidence, run);
        var reward = RewardFunction.Build(run, context.History);
        var now = options.Time.GetUtcNow();
        var scope = ScopeOf(run.Pipeline, options.Scope);
        var path = DocumentPath(scope);
        var pipelineKey = run.Pipeline.ToString();
        var rewardKey = RewardKey(run);
        var draws = Draw();

        // Deployment outcomes that arrived with this run or its history (delayed rewards).
        var outcomes = context.History.Append(run)
            .Where(r => r.Deployment?.Result is not null)
            .Select(r => (Key: DeploymentKey(r.Pipeline, r.RunId), Deployment: r.Deployment!))
            .ToList();

        Choice? choice = null;
        QTableDocument? written;
        try
        {
            written = await store.UpdateDocumentAsync(
                path,
                QTableJson.TypeInfo,
                current =>
                {
                    var doc = current is null ? QTableDocument.Create(scope, now) : QTableJson.Check(current, path);
                    var c = Choose(doc, state, candidates, context.Enforcing, draws);
                    choice = c;
                    var changed = false;
                    foreach (var (key, deployment) in outcomes)
                    {
                        changed |= CreditDeployment(doc, key, deployment);
                    }

                    if (doc.AppliedKeys.Contains(rewardKey))
                    {
                        if (!changed)
                        {
                            return null;
                        }

                        doc.Stats.DuplicateRunsIgnored++;
                        doc.UpdatedAt = now;
                        return doc;
                    }

                    ApplyStep(doc, run, pipelineKey, rewardKey, state.Key, c, snapshot, reward, now);
                    return doc;
                },
                options.MaxWriteAttempts,
                cancellationToken).ConfigureAwait(false);
        }
        catch (QTableProblemException ex)
        {
            return AgentDecision.None(ex.Message);
        }
        catch (CorruptStoreItemException ex)
        {
            return AgentDecision.None($"Q-table '{path}' is corrupt: {ex.Message} It was left unchanged; inspect it, or archive and clear it with `pipewise agent reset`.");
        }

        var chosen = choice!;
        var tuning = candidates.First(c => c.ActionId == chosen.Tuning);
        List<Suggestion> suggestions = chosen.Tuning == ActionCatalog.NoChange
            ? []
            : [ActionCatalog.ToSuggestion(tuning.ActionId, tuning.Evidence, tuning.ExpectedSavingSeconds, tuning.Values)];
        return new AgentDecision
        {
            State = state.Key,
            Suggestions = suggestions,
            Strategy = ActionCatalog.ToStrategy(chosen.Deployment),
            Explored = chosen.ExploredTuning || chosen.ExploredDeployment,
            QTableVersion = $"{path}#v{written?.Version ?? QTableDocument.CurrentVersion}@{written?.Stats.Steps ?? 0}",
        };
    }

    /// <summary>Credits the delayed outcome of a deployment to the strategy chosen for it (once per deployment).</summary>
    public async Task<bool> RecordDeploymentOutcomeAsync(PipelineKey pipeline, string runId, DeploymentRecord deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var path = DocumentPath(ScopeOf(pipeline, options.Scope));
        var key = DeploymentKey(pipeline, runId);
        var applied = false;
        await store.UpdateDocumentAsync(
            path,
            QTableJson.TypeInfo,
            current =>
            {
                if (current is null)
                {
                    applied = false;
                    return null;
                }

                var doc = QTableJson.Check(current, path);
                applied = CreditDeployment(doc, key, deployment);
                return applied ? doc : null;
            },
            options.MaxWriteAttempts,
            cancellationToken).ConfigureAwait(false);
        return applied;
    }

    public static string DeploymentKey(PipelineKey pipeline, string runId) => $"deploy:{pipeline}#{runId}";

    internal sealed record Draws(double Tuning, double TuningPick, double Deployment, double DeploymentPick);

    internal sealed record Choice(string Tuning, bool ExploredTuning, string Deployment, bool ExploredDeployment);

    private Draws Draw()
    {
        lock (randomLock)
        {
            return new Draws(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
        }
    }

    internal Choice Choose(QTableDocument doc, AgentState state, IReadOnlyList<Candidate> candidates, bool enforcing, Draws draws)
    {
        var epsilon = options.Epsilon(doc.Stats.Steps);
        var tuningIds = candidates.Select(c => c.ActionId).ToList();
        var greedyTuning = tuningIds.MaxBy(a => Value(doc, state.Key, a))!;
        var tuning = greedyTuning;
        var exploredTuning = false;
        if (draws.Tuning < epsilon && tuningIds.Count > 1)
        {
            tuning = tuningIds[Math.Min(tuningIds.Count - 1, (int)(draws.TuningPick * tuningIds.Count))];
            exploredTuning = tuning != greedyTuning;
        }

        var deployIds = ActionCatalog.DeploymentIds;
        var greedyDeploy = deployIds.MaxBy(a => Value(doc, state.Key, a))!;
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

        return new Choice(tuning, exploredTuning, deploy, exploredDeploy);
    }

    /// <summary>Q(s,a) if visited; else the mean of Q(·,a) over visited states with the same configuration part; else the prior.</summary>
    internal double Value(QTableDocument doc, string state, string action)
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

    internal double Prior(string action) => action switch
    {
        ActionCatalog.NoChange or ActionCatalog.DeployProceed => 0,
        ActionCatalog.DeployCanary or ActionCatalog.DeployBlueGreen => options.StricterDeploymentPrior,
        ActionCatalog.DeployHold => -RewardFunction.HoldPenalty,
        _ => options.TriggeredPrior,
    };

    private void ApplyStep(QTableDocument doc, RunRecord run, string pipelineKey, string rewardKey, string state, Choice choice, PipelineSnapshot snapshot, double reward, DateTimeOffset now)
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
            var target = SarsaTarget(reward, Value(doc, state, choice.Tuning), options.Gamma);
            Update(doc, previous.State, credited, target);
            doc.Stats.RewardsApplied++;
            doc.Stats.RewardSum += reward;
        }

        if (run.Attempt == 1 && decisions.All(d => d.Order != order))
        {
            decisions.Add(new PendingDecision { RunKey = rewardKey, Order = order, State = state, Action = choice.Tuning, Snapshot = snapshot, At = now });
            decisions.Sort((a, b) => a.Order.CompareTo(b.Order));
            if (decisions.Count > QTableDocument.DecisionsPerPipeline)
            {
                decisions.RemoveRange(0, decisions.Count - QTableDocument.DecisionsPerPipeline);
            }
        }

        var deployKey = DeploymentKey(run.Pipeline, run.RunId);
        if (!doc.PendingDeployments.ContainsKey(deployKey) && !doc.AppliedKeys.Contains(deployKey))
        {
            doc.PendingDeployments[deployKey] = new PendingDeployment { State = state, Action = choice.Deployment, At = now };
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

    private bool CreditDeployment(QTableDocument doc, string key, DeploymentRecord deployment)
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
            entry = new QEntry { Q = Value(doc, state, action), N = 0 };
            row[action] = entry;
        }
        else if (entry.N == 0)
        {
            entry.Q = Value(doc, state, action);
        }

        entry.Q = SarsaUpdate(entry.Q, target, options.Alpha);
        entry.N++;
    }

    /// <summary>Q ← Q + α (target − Q), where target = r + γ Q(s′, a′) (or r alone for a deployment).</summary>
    public static double SarsaUpdate(double q, double target, double alpha) => q + (alpha * (target - q));

    /// <summary>The SARSA target r + γ Q(s′, a′).</summary>
    public static double SarsaTarget(double reward, double nextQ, double gamma) => reward + (gamma * nextQ);

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
