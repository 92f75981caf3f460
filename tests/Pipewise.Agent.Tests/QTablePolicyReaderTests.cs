using Pipewise.Agent.Learning;
using Pipewise.Core.Storage;
using Pipewise.Core.Agent;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class QTablePolicyReaderTests
{
    [TestMethod]
    public async Task ReadAsync_TablesTheAgentWrote_BestActionPerStateUnderThePipelinesScope()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, new AgentOptions { Seed = 1, EpsilonStart = 0, EpsilonMin = 0 });
        var run1 = Runs.Make(1, 600);
        var run2 = Runs.Make(2, 480);
        await agent.StepAsync(new AgentContext { Run = run1, History = [] });
        await agent.StepAsync(new AgentContext { Run = run2, History = [run1] });
        var reader = new QTablePolicyReader(store);

        var policies = await reader.ReadAsync(200);

        Assert.IsEmpty(policies.Problems);
        Assert.IsNotEmpty(policies.Rows);
        var scopes = reader.ScopesOf(run1.Pipeline);
        Assert.IsTrue(policies.Rows.All(r => scopes.Contains(r.Scope)), "every row belongs to one of the pipeline's scopes");
        var doc = QTableJson.Parse((await store.GetDocumentAsync(SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run1.Pipeline, AgentScopeKind.Pipeline))))!.Content, "t");
        foreach (var row in policies.Rows)
        {
            var entries = doc.States[row.State];
            Assert.AreEqual(entries.Max(e => e.Value.Q), row.Q, 1e-12);
            Assert.AreEqual(entries.Count, row.Actions);
        }
    }

    [TestMethod]
    public async Task ReadAsync_CorruptTable_IsReportedAndTheOthersStillRead()
    {
        var store = new InMemoryStore();
        var agent = new SarsaAgent(store, new AgentOptions { Seed = 1 });
        var run1 = Runs.Make(1, 600);
        await agent.StepAsync(new AgentContext { Run = run1, History = [] });
        await agent.StepAsync(new AgentContext { Run = Runs.Make(2, 480), History = [run1] });
        await store.PutDocumentAsync(SarsaAgent.DocumentPath("pipeline+github+o+r+broken"), "{ not json"u8.ToArray(), null);

        var policies = await new QTablePolicyReader(store).ReadAsync(200);

        Assert.HasCount(1, policies.Problems);
        StringAssert.Contains(policies.Problems[0], "pipeline+github+o+r+broken");
        Assert.IsNotEmpty(policies.Rows);
    }
}
