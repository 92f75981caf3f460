using Pipewise.Agent.Learning;
using Pipewise.Agent.Simulation;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage;
using Pipewise.Testing;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class ConcurrencyTests
{
    private const int Writers = 32;

    /// <summary>
    /// 32 runs of one pipeline finish at once and step the agent concurrently (each with its own agent instance, as in
    /// separate pipeline jobs), then all 32 are delivered again (retried jobs). Every reward must be applied exactly once.
    /// </summary>
    internal static async Task AssertEveryRewardAppliedOnceAsync(IPipewiseStore store)
    {
        var options = new AgentOptions { Seed = 5, Scope = AgentScopeKind.Organization };
        var first = Runs.Make(0, 600);
        var d0 = await new SarsaAgent(store, options).StepAsync(new AgentContext { Run = first, History = [] });
        Assert.IsNull(d0.Problem, d0.Problem);

        var runs = Enumerable.Range(1, Writers).Select(i => Runs.Make(i, 400 + (i * 10), i % 5 == 0 ? RunResult.Failed : RunResult.Succeeded)).ToList();
        var expectedSum = runs.Sum(r => RewardFunction.Build(r, [first]));

        async Task StepAllAsync()
        {
            var decisions = await Task.WhenAll(runs.Select((r, i) => Task.Run(() =>
                new SarsaAgent(store, options with { Seed = i }).StepAsync(new AgentContext { Run = r, History = [first] }))));
            foreach (var d in decisions)
            {
                Assert.IsNull(d.Problem, d.Problem);
            }
        }

        await StepAllAsync();
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(first.Pipeline, AgentScopeKind.Organization));
        var doc = QTableJson.Parse((await store.GetDocumentAsync(path))!.Content, path);
        Assert.AreEqual(Writers, doc.Stats.RewardsApplied);
        Assert.AreEqual(expectedSum, doc.Stats.RewardSum, 1e-9);
        Assert.AreEqual(Writers + 1, doc.Stats.Steps);
        Assert.AreEqual(Writers, doc.States.Values.SelectMany(r => r.Values).Sum(e => e.N));
        foreach (var r in runs)
        {
            Assert.Contains(SarsaAgent.RewardKey(r), doc.AppliedKeys);
        }

        await StepAllAsync();
        var again = QTableJson.Parse((await store.GetDocumentAsync(path))!.Content, path);
        Assert.AreEqual(Writers, again.Stats.RewardsApplied, "a retried job counted its reward twice");
        Assert.AreEqual(expectedSum, again.Stats.RewardSum, 1e-9);
        Assert.AreEqual(Writers + 1, again.Stats.Steps);
    }

    [TestMethod]
    public async Task StepAsync_32ConcurrentRunsInMemory_EachRewardOnce() => await AssertEveryRewardAppliedOnceAsync(new InMemoryStore());

    [TestMethod]
    public async Task StepAsync_32ConcurrentRunsLocalFolder_EachRewardOnce()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-agent-");
        try
        {
            await AssertEveryRewardAppliedOnceAsync(StoreFactory.Open(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task ResetAsync_ExistingTable_ArchivesThenClears()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, new AgentOptions { Seed = 1 });
        await agent.StepAsync(new AgentContext { Run = Runs.Make(1), History = [] });
        await agent.StepAsync(new AgentContext { Run = Runs.Make(2, 500), History = [Runs.Make(1)] });
        var scope = SarsaAgent.ScopeOf(Runs.Make(1).Pipeline, AgentScopeKind.Pipeline);
        var before = (await store.GetDocumentAsync(SarsaAgent.DocumentPath(scope)))!.Content;
        Assert.Contains(scope, await QTableAdmin.ListScopesAsync(store));
        var shown = QTableAdmin.Render(scope, (await QTableAdmin.ReadAsync(store, scope))!);
        Assert.Contains("best tuning:", shown);

        var clock = new SimulationClock(Runs.T0);
        var archive = await QTableAdmin.ResetAsync(store, scope, clock);
        Assert.IsNotNull(archive);
        Assert.StartsWith("agents/archive/" + scope + "-20260302T090000Z", archive);
        CollectionAssert.AreEqual(before, (await store.GetDocumentAsync(archive))!.Content);
        var cleared = await QTableAdmin.ReadAsync(store, scope);
        Assert.IsEmpty(cleared!.States);
        Assert.AreEqual(0, cleared.Stats.Steps);
        Assert.DoesNotContain(archive["agents/".Length..^5], await QTableAdmin.ListScopesAsync(store));
    }
}

/// <summary>The same guarantees on Blob Storage (Azurite, one emulator for the class).</summary>
[TestClass]
public sealed class AzuriteAgentTests
{
    private static Azurite? emulator;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        emulator = await Azurite.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task StepAsync_32ConcurrentRunsAzurite_EachRewardOnce()
    {
        await ConcurrencyTests.AssertEveryRewardAppliedOnceAsync(StoreFactory.Open(emulator!.ConnectionString));
    }

    [TestMethod]
    public async Task StepAsync_CorruptDocumentOnAzurite_ReportedAndNotOverwritten()
    {
        var store = StoreFactory.Open(emulator!.ConnectionString);
        var run = Runs.Make(1);
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, AgentScopeKind.Pipeline));
        var bytes = "not json at all"u8.ToArray();
        var etag = await store.PutDocumentAsync(path, bytes, null);
        var d = await SarsaAgentFactory.Create(store, new AgentOptions { Seed = 1 }).StepAsync(new AgentContext { Run = run, History = [] });
        Assert.Contains("corrupt", d.Problem!);
        Assert.IsEmpty(d.Suggestions);
        Assert.AreEqual(etag, (await store.GetDocumentAsync(path))!.ETag);
    }
}
