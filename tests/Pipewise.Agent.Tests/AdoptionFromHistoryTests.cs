using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Agent.Tests.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class AdoptionFromHistoryTests
{
    [TestMethod]
    public void Credit_OvertakenRunsStartEndingCanceled_CreditsCancelSuperseded()
    {
        // Before: overlapping runs kept running. After: the run overtaken by the newest one ended canceled when it started.
        var before = Enumerable.Range(1, 5).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();
        var after = before.Take(4).Append(TimedRuns.Make(5, 40, 10 * 60, RunResult.Canceled)).Append(TimedRuns.Make(6, 50, 15 * 60)).ToList();
        var s0 = Adoption.Snapshot(PipelineEvidence.From(before[^1], before[..^1]), before[^1]);
        var s1 = Adoption.Snapshot(PipelineEvidence.From(after[^1], after[..^1]), after[^1]);

        Assert.IsFalse(s0.CancelsSuperseded);
        Assert.IsTrue(s1.CancelsSuperseded);
        Assert.AreEqual(ActionCatalog.CancelSuperseded, Adoption.Credit(ActionCatalog.CancelSuperseded, s0, s1));
    }

    [TestMethod]
    public async Task StepAsync_RunLevelEvidenceOnly_DetectorActionIsACandidateAndShown()
    {
        // Imported-style history: no steps, no runner; overlapping runs of main. The agent must suggest cancelling.
        var store = new Pipewise.Core.Storage.InMemoryStore();
        var agent = new SarsaAgent(store, new AgentOptions { Seed = 1, EpsilonStart = 0, EpsilonMin = 0 });
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();

        var d = await agent.StepAsync(new Pipewise.Core.Agent.AgentContext { Run = runs[^1], History = runs[..^1] });

        Assert.AreEqual(ActionCatalog.CancelSuperseded, d.Suggestions.First().ActionId);
        StringAssert.Contains(d.Suggestions[0].GitHubSnippet, "cancel-in-progress: true");
    }
}
