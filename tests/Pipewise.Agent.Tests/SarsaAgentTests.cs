using System.Text;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Agent.Simulation;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class SarsaAgentTests
{
    private static AgentOptions Greedy(int seed = 1) => new() { Seed = seed, EpsilonStart = 0, EpsilonMin = 0 };

    private static async Task<QTableDocument> ReadAsync(InMemoryStore store, RunRecord run, AgentScopeKind scope = AgentScopeKind.Pipeline)
    {
        var doc = await store.GetDocumentAsync(SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, scope)));
        Assert.IsNotNull(doc);
        return QTableJson.Parse(doc.Content, doc.Path);
    }

    [TestMethod]
    public void SarsaUpdate_KnownNumbers_FollowsTheRule()
    {
        // Q ← Q + α[r + γ Q(s′,a′) − Q]: 0.5 + 0.3 × (1 + 0.5 × 2 − 0.5) = 0.95
        var target = SarsaAgent.SarsaTarget(1, 2, 0.5);
        Assert.AreEqual(2.0, target, 1e-12);
        Assert.AreEqual(0.95, SarsaAgent.SarsaUpdate(0.5, target, 0.3), 1e-12);
        Assert.AreEqual(-0.7, SarsaAgent.SarsaUpdate(-1, SarsaAgent.SarsaTarget(0, 0, 0.9), 0.3), 1e-12);
    }

    [TestMethod]
    public async Task StepAsync_SecondRun_CreditsRewardToFirstDecision()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, Greedy());
        var run1 = Runs.Make(1, 600);
        var run2 = Runs.Make(2, 480);
        var d1 = await agent.StepAsync(new AgentContext { Run = run1, History = [] });
        Assert.IsNull(d1.Problem);
        Assert.IsEmpty(d1.Suggestions, "nothing triggers on a bare run: the decision is no-change");

        await agent.StepAsync(new AgentContext { Run = run2, History = [run1] });
        var doc = await ReadAsync(store, run1);
        var reward = RewardFunction.Build(run2, [run1]);

        // time (600 − 480) / 600 = 0.2, resource −0.25 × (−0.2) = +0.05, success +0.1
        Assert.AreEqual(0.35, reward, 1e-9);
        var entry = doc.States[d1.State][ActionCatalog.NoChange];
        Assert.AreEqual(1, entry.N);

        // Q(s′, no-change) is the prior 0 before the update, so Q = 0 + 0.3 × (0.35 + 0.5 × 0 − 0).
        Assert.AreEqual(0.3 * 0.35, entry.Q, 1e-9);
        Assert.AreEqual(1, doc.Stats.RewardsApplied);
        Assert.AreEqual(2, doc.Stats.Steps);
    }

    [TestMethod]
    public async Task StepAsync_SameRunTwiceOrReRun_RewardAppliedOnce()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, Greedy());
        var run1 = Runs.Make(1, 600);
        var run2 = Runs.Make(2, 500);
        await agent.StepAsync(new AgentContext { Run = run1, History = [] });
        await agent.StepAsync(new AgentContext { Run = run2, History = [run1] });
        await agent.StepAsync(new AgentContext { Run = run2, History = [run1] });
        await agent.StepAsync(new AgentContext { Run = Runs.Make(2, 450, attempt: 2), History = [run1, run2] });
        var doc = await ReadAsync(store, run1);
        Assert.AreEqual(1, doc.Stats.RewardsApplied);
        Assert.AreEqual(2, doc.Stats.Steps);
    }

    [TestMethod]
    public async Task StepAsync_SameSeed_SameExplorationSequence()
    {
        async Task<List<string>> Play(int seed)
        {
            var store = new InMemoryStore();
            var agent = new SarsaAgent(store, new AgentOptions { Seed = seed, EpsilonStart = 1, EpsilonDecay = 1, EpsilonMin = 1 });
            var history = new List<RunRecord>();
            var picks = new List<string>();
            for (var i = 1; i <= 30; i++)
            {
                var run = Runs.Make(i, 600 + (i % 7 * 10), dependencySeconds: 120, testSeconds: 300);
                var d = await agent.StepAsync(new AgentContext { Run = run, History = [.. history] });
                picks.Add($"{d.Suggestions.FirstOrDefault()?.ActionId ?? "none"}/{d.Strategy}/{d.Explored}");
                history.Add(run);
            }

            return picks;
        }

        var a = await Play(7);
        var b = await Play(7);
        var c = await Play(8);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
        Assert.IsTrue(a.Any(p => p.EndsWith("/True", StringComparison.Ordinal)), "ε = 1 explores");
    }

    [TestMethod]
    public void Choose_EnforcingWithStricterGreedy_NeverExploresTowardProceed()
    {
        var agent = new SarsaAgent(new InMemoryStore(), new AgentOptions { Seed = 1, EpsilonStart = 1, EpsilonDecay = 1, EpsilonMin = 1 });
        var state = new AgentState("flat", "normal", "high", "na", "off", "na", "1", "push");
        var doc = QTableDocument.Create("t", Runs.T0);
        doc.States[state.Key] = new Dictionary<string, QEntry>
        {
            [ActionCatalog.DeployProceed] = new() { Q = -2, N = 3 },
            [ActionCatalog.DeployCanary] = new() { Q = 0.5, N = 3 },
            [ActionCatalog.DeployBlueGreen] = new() { Q = -0.1, N = 3 },
        };
        IReadOnlyList<Candidate> candidates = [new(ActionCatalog.NoChange, "x", 0, new Dictionary<string, string>())];
        var seenAdvise = new HashSet<DeploymentStrategy>();
        for (var i = 0; i < 100; i++)
        {
            var pick = i / 100.0;
            var enforced = agent.Choose(doc, state, candidates, enforcing: true, new SarsaAgent.Draws(0, 0, 0, pick));
            Assert.IsGreaterThanOrEqualTo(
                ActionCatalog.Strictness(DeploymentStrategy.Canary),
                ActionCatalog.Strictness(ActionCatalog.ToStrategy(enforced.Deployment)),
                $"enforce mode explored {enforced.Deployment} below the greedy canary");
            var advised = agent.Choose(doc, state, candidates, enforcing: false, new SarsaAgent.Draws(0, 0, 0, pick));
            seenAdvise.Add(ActionCatalog.ToStrategy(advised.Deployment));
        }

        Assert.Contains(DeploymentStrategy.Proceed, seenAdvise, "outside enforce mode exploration may pick proceed");
    }

    [TestMethod]
    public async Task StepAsync_EnforcingAlwaysExploring_NeverLoosensBelowGreedy()
    {
        var store = new InMemoryStore();
        var options = new AgentOptions { Seed = 3, EpsilonStart = 1, EpsilonDecay = 1, EpsilonMin = 1 };
        var agent = new SarsaAgent(store, options);
        var history = new List<RunRecord>();
        for (var i = 1; i <= 40; i++)
        {
            var run = Runs.Make(i, 600);
            var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, options.Scope));
            var before = await store.GetDocumentAsync(path);
            var d = await agent.StepAsync(new AgentContext { Run = run, History = [.. history], Enforcing = true });
            if (before is not null)
            {
                var doc = QTableJson.Parse(before.Content, path);
                var greedy = ActionCatalog.DeploymentIds.MaxBy(a => agent.Value(doc, d.State, a))!;
                Assert.IsGreaterThanOrEqualTo(ActionCatalog.Strictness(ActionCatalog.ToStrategy(greedy)), ActionCatalog.Strictness(d.Strategy));
            }

            await agent.RecordDeploymentOutcomeAsync(run.Pipeline, run.RunId, new DeploymentRecord { Environment = "prod", Result = i % 3 == 0 ? RunResult.Failed : RunResult.Succeeded, DurationSeconds = 300 });
            history.Add(run);
        }
    }

    [TestMethod]
    public async Task RecordDeploymentOutcomeAsync_Twice_CreditedOnce()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, Greedy());
        var run = Runs.Make(1);
        var d = await agent.StepAsync(new AgentContext { Run = run, History = [] });
        var outcome = new DeploymentRecord { Environment = "prod", Result = RunResult.Failed, DurationSeconds = 600, Strategy = "proceed" };
        Assert.IsTrue(await agent.RecordDeploymentOutcomeAsync(run.Pipeline, run.RunId, outcome));
        Assert.IsFalse(await agent.RecordDeploymentOutcomeAsync(run.Pipeline, run.RunId, outcome));
        var doc = await ReadAsync(store, run);
        Assert.AreEqual(1, doc.Stats.DeploymentRewardsApplied);
        var expected = RewardFunction.Deployment(outcome, DeploymentStrategy.Proceed);
        Assert.AreEqual(-0.3 - 3.0, expected, 1e-9);
        Assert.AreEqual(0.3 * expected, doc.States[d.State][ActionCatalog.DeployProceed].Q, 1e-9);
    }

    [TestMethod]
    public async Task StepAsync_CorruptDocument_NoSuggestionAndLeftUnchanged()
    {
        var store = new InMemoryStore();
        var run = Runs.Make(1);
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, AgentScopeKind.Pipeline));
        var bytes = Encoding.UTF8.GetBytes("{\"version\": 1, \"states\": [oops");
        var etag = await store.PutDocumentAsync(path, bytes, null);
        var d = await new SarsaAgent(store, Greedy()).StepAsync(new AgentContext { Run = run, History = [] });
        Assert.IsNotNull(d.Problem);
        Assert.Contains(path, d.Problem);
        Assert.Contains("corrupt", d.Problem);
        Assert.IsEmpty(d.Suggestions);
        var after = await store.GetDocumentAsync(path);
        Assert.AreEqual(etag, after!.ETag);
        CollectionAssert.AreEqual(bytes, after.Content);
    }

    [TestMethod]
    public async Task StepAsync_FutureVersion_NoSuggestionAndLeftUnchanged()
    {
        var store = new InMemoryStore();
        var run = Runs.Make(1);
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, AgentScopeKind.Pipeline));
        var bytes = Encoding.UTF8.GetBytes("{\"version\": 99, \"scope\": \"x\", \"states\": {}, \"newThing\": [1,2]}");
        var etag = await store.PutDocumentAsync(path, bytes, null);
        var d = await new SarsaAgent(store, Greedy()).StepAsync(new AgentContext { Run = run, History = [] });
        Assert.IsNotNull(d.Problem);
        Assert.Contains("version 99", d.Problem);
        Assert.AreEqual("unknown", d.State);
        var after = await store.GetDocumentAsync(path);
        Assert.AreEqual(etag, after!.ETag);
        CollectionAssert.AreEqual(bytes, after.Content);
    }

    [TestMethod]
    public async Task StepAsync_MissingVersion_ReportedAsCorrupt()
    {
        var store = new InMemoryStore();
        var run = Runs.Make(1);
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, AgentScopeKind.Pipeline));
        await store.PutDocumentAsync(path, Encoding.UTF8.GetBytes("{\"states\": {}}"), null);
        var d = await new SarsaAgent(store, Greedy()).StepAsync(new AgentContext { Run = run, History = [] });
        Assert.Contains("'version'", d.Problem!);
    }

    [TestMethod]
    public void ScopeOf_Kinds_ShareTablesAsConfigured()
    {
        var a = Runs.Make(1, pipeline: "ci").Pipeline;
        var b = Runs.Make(1, pipeline: "nightly").Pipeline;
        Assert.AreNotEqual(SarsaAgent.ScopeOf(a, AgentScopeKind.Pipeline), SarsaAgent.ScopeOf(b, AgentScopeKind.Pipeline));
        Assert.AreEqual(SarsaAgent.ScopeOf(a, AgentScopeKind.Repository), SarsaAgent.ScopeOf(b, AgentScopeKind.Repository));
        Assert.AreEqual("agents/org+github+octo.json", SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(a, AgentScopeKind.Organization)));
    }
}
