using Pipewise.Core.Agent;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class RepeatedStepTests
{
    [TestMethod]
    public async Task StepAsync_SameRunAskedAgainByAnotherProcess_ReturnsTheDecisionItMade()
    {
        var store = new InMemoryStore();
        var history = Enumerable.Range(1, 12).Select(i => Runs.Make(i, 600 + (i * 10))).ToList();
        var run = Runs.Make(13, 640);

        // Always exploring: a fresh draw would pick at random every time.
        var exploring = new AgentOptions { EpsilonStart = 1, EpsilonMin = 1 };
        var first = await new SarsaAgent(store, exploring with { Seed = 1 }).StepAsync(new AgentContext { Run = run, History = history });
        var again = new List<AgentDecision>();
        for (var seed = 2; seed < 12; seed++)
        {
            again.Add(await new SarsaAgent(store, exploring with { Seed = seed }).StepAsync(new AgentContext { Run = run, History = history }));
        }

        Assert.IsTrue(again.All(d => d.Strategy == first.Strategy), $"strategy {first.Strategy}, then {string.Join(", ", again.Select(d => d.Strategy))}");
        Assert.IsTrue(again.All(d => d.Suggestions.Select(s => s.ActionId).SequenceEqual(first.Suggestions.Select(s => s.ActionId))));
    }
}
