using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Agent;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Tests;

/// <summary>An exploratory pick is recorded for learning; a person only ever sees the agent's best-known action.</summary>
[TestClass]
public sealed class ExplorationNeverShownTests
{
    private static readonly AgentOptions AlwaysExploring = new() { Seed = 5, EpsilonStart = 1, EpsilonDecay = 1, EpsilonMin = 1 };

    [TestMethod]
    [DataRow(GateMode.Advise)]
    [DataRow(GateMode.Enforce)]
    public async Task AssessNewRunAsync_AlwaysExploring_ReasonsShowOnlyTheBestKnownStrategy(GateMode mode)
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, AlwaysExploring);
        var assessor = new RunAssessor(new RecentRuns(store, TimeSpan.Zero, TimeProvider.System), null, agent, null, null, new AssessorOptions(), TimeProvider.System);
        var policy = new GatePolicyOptions { Mode = mode };
        var verdicts = new List<RunAssessment>();
        for (var i = 1; i <= 30; i++)
        {
            verdicts.Add(await assessor.AssessNewRunAsync(Runs.Make(i, 600), policy, "test"));
        }

        // Nothing was learnt about strategies (no deployment outcome), so the best-known one is proceed throughout.
        Assert.IsTrue(verdicts.All(v => v.Decision?.Strategy == DeploymentStrategy.Proceed), string.Join(", ", verdicts.Select(v => v.Decision?.Strategy)));
        Assert.IsFalse(verdicts.Any(v => v.Verdict.Reasons.Any(r => r.Code == ReasonCodes.AgentHold)), "an exploratory hold reached a reason");
        Assert.IsTrue(verdicts.All(v => v.Verdict.Verdict == Verdict.Pass), "exploration changed a verdict");

        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(Runs.Make(1).Pipeline, AgentScopeKind.Pipeline));
        var doc = QTableJson.Parse((await store.GetDocumentAsync(path))!.Content, path);
        Assert.IsGreaterThan(0, doc.Stats.Explorations, "ε = 1 explores");
        Assert.IsTrue(doc.PendingDeployments.Values.Any(p => p.Explored == ActionCatalog.DeployHold), "the exploratory picks are recorded for learning");
        Assert.IsTrue(doc.PendingDeployments.Values.All(p => p.Action == ActionCatalog.DeployProceed), "what is in force is the best-known strategy");
    }

    [TestMethod]
    public async Task StepAsync_AlwaysExploring_SuggestionsAreEveryCandidateBestKnownFirst()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, AlwaysExploring);
        var history = new List<RunRecord>();
        for (var i = 1; i <= 12; i++)
        {
            var run = Runs.Make(i, 600, dependencySeconds: 120, testSeconds: 300);
            var d = await agent.StepAsync(new AgentContext { Run = run, History = [.. history] });
            var expected = SuggestionRules.For(run, history).Where(c => c.ActionId != ActionCatalog.NoChange).Select(c => c.ActionId).Order().ToList();
            CollectionAssert.AreEqual(expected, d.Suggestions.Select(s => s.ActionId).Order().ToList(), $"run {i}: every evidence-backed suggestion, whatever was explored");
            history.Add(run);
        }
    }
}
