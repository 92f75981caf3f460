using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent;

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
    private readonly QValues values;
    private readonly EpsilonGreedy chooser;
    private readonly SarsaUpdater updater;

    public SarsaAgent(IPipewiseStore store, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.store = store;
        this.options = options;
        random = new Random(options.Seed ?? System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        values = new QValues(options);
        chooser = new EpsilonGreedy(options, values);
        updater = new SarsaUpdater(options, values);
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
        var candidates = SuggestionRules.For(run, context.History, evidence);
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
        QTableDocument? seen = null;
        QTableDocument? written;
        try
        {
            written = await store.UpdateDocumentAsync(
                path,
                QTableJson.TypeInfo,
                current =>
                {
                    var doc = current is null ? QTableDocument.Create(scope, now) : QTableJson.Check(current, path);
                    seen = doc;
                    var c = Choose(doc, state, candidates, context.Enforcing, draws);
                    choice = c;
                    var changed = false;
                    foreach (var (key, deployment) in outcomes)
                    {
                        changed |= updater.CreditDeployment(doc, key, deployment);
                    }

                    if (doc.AppliedKeys.Contains(rewardKey))
                    {
                        // Asked again about a run it already decided for (a gate after the run step, a re-delivered
                        // webhook): the same decision, not a new draw, so every host reports the same strategy.
                        choice = Recorded(doc, pipelineKey, rewardKey, DeploymentKey(run.Pipeline, run.RunId), candidates, c);
                        if (!changed)
                        {
                            return null;
                        }

                        doc.Stats.DuplicateRunsIgnored++;
                        doc.UpdatedAt = now;
                        return doc;
                    }

                    updater.ApplyStep(doc, run, pipelineKey, rewardKey, state.Key, c, snapshot, reward, now);
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

        // What a person sees is the best-known action only: every evidence-backed suggestion, the agent's best-known
        // first, and its best-known strategy. An exploratory pick never reaches a reason, an output or the gate.
        var table = seen ?? QTableDocument.Create(scope, now);
        var shown = candidates
            .Where(c => c.ActionId != ActionCatalog.NoChange)
            .OrderByDescending(c => c.ActionId == chosen.GreedyTuning)
            .ThenByDescending(c => values.Value(table, state.Key, c.ActionId))
            .Select(c => ActionCatalog.ToSuggestion(c.ActionId, c.Evidence, c.ExpectedSavingSeconds, c.Values))
            .ToList();
        return new AgentDecision
        {
            State = state.Key,
            Suggestions = shown,
            Strategy = ActionCatalog.ToStrategy(chosen.GreedyDeployment),
            Explored = chosen.ExploredTuning || chosen.ExploredDeployment,
            QTableVersion = $"{path}#v{written?.Version ?? QTableDocument.CurrentVersion}@{written?.Stats.Steps ?? 0}",
        };
    }

    /// <summary>The decision recorded for a run already stepped, where the table still holds it; else <paramref name="fresh"/>.</summary>
    internal static Choice Recorded(QTableDocument doc, string pipelineKey, string rewardKey, string deploymentKey, IReadOnlyList<Candidate> candidates, Choice fresh)
    {
        var tuning = doc.Decisions.TryGetValue(pipelineKey, out var decisions)
            ? decisions.FirstOrDefault(d => d.RunKey == rewardKey)?.Action
            : null;
        var deployment = doc.PendingDeployments.TryGetValue(deploymentKey, out var pending) ? pending.Action : null;
        return new Choice(
            tuning is not null && candidates.Any(c => c.ActionId == tuning) ? tuning : fresh.GreedyTuning,
            false,
            deployment ?? fresh.GreedyDeployment,
            false);
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
                applied = updater.CreditDeployment(doc, key, deployment);
                return applied ? doc : null;
            },
            options.MaxWriteAttempts,
            cancellationToken).ConfigureAwait(false);
        return applied;
    }

    public static string DeploymentKey(PipelineKey pipeline, string runId) => $"deploy:{pipeline}#{runId}";

    internal sealed record Draws(double Tuning, double TuningPick, double Deployment, double DeploymentPick);

    /// <summary>
    /// The ε-greedy draw: <see cref="Tuning"/> and <see cref="Deployment"/> are the picks (exploratory when flagged),
    /// <see cref="GreedyTuning"/> and <see cref="GreedyDeployment"/> the best-known actions. Only the best-known ones are
    /// shown to a person and put in force; an exploratory pick is recorded in the Q-table for learning.
    /// </summary>
    internal sealed record Choice(string Tuning, bool ExploredTuning, string Deployment, bool ExploredDeployment)
    {
        public string GreedyTuning { get; init; } = Tuning;

        public string GreedyDeployment { get; init; } = Deployment;
    }

    /// <summary>The ε-greedy choice in <paramref name="state"/> for these draws (safe exploration when enforcing).</summary>
    internal Choice Choose(QTableDocument doc, AgentState state, IReadOnlyList<Candidate> candidates, bool enforcing, Draws draws) =>
        chooser.Choose(doc, state, candidates, enforcing, draws);

    /// <summary>The value the agent acts on for (state, action); see <see cref="QValues"/>.</summary>
    internal double Value(QTableDocument doc, string state, string action) => values.Value(doc, state, action);

    private Draws Draw()
    {
        lock (randomLock)
        {
            return new Draws(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
        }
    }

    /// <summary>Q ← Q + α (target − Q), where target = r + γ Q(s′, a′) (or r alone for a deployment).</summary>
    public static double SarsaUpdate(double q, double target, double alpha) => q + (alpha * (target - q));

    /// <summary>The SARSA target r + γ Q(s′, a′).</summary>
    public static double SarsaTarget(double reward, double nextQ, double gamma) => reward + (gamma * nextQ);
}
