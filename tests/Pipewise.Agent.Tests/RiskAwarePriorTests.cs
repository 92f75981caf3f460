using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class RiskAwarePriorTests
{
    private static readonly AgentState Low = new("flat", "normal", "low", "na", "off", "na", "1", "push");
    private static readonly AgentState High = new("flat", "normal", "high", "na", "off", "na", "1", "push");

    [TestMethod]
    public void Value_HighRiskStateNeverSeen_DoesNotBorrowProceedFromSafeStates()
    {
        var agent = new SarsaAgent(new InMemoryStore(), new AgentOptions { Seed = 1 });
        var doc = QTableDocument.Create("t", Runs.T0);
        doc.States[Low.Key] = new Dictionary<string, QEntry> { [ActionCatalog.DeployProceed] = new() { Q = 0.15, N = 20 } };

        var greedy = ActionCatalog.DeploymentIds.MaxBy(a => agent.Value(doc, High.Key, a));

        Assert.AreEqual(0.15, agent.Value(doc, Low.Key, ActionCatalog.DeployProceed), 1e-12);
        Assert.AreEqual(0.3 * ((-3.0 * 1) - 0.2), agent.Value(doc, High.Key, ActionCatalog.DeployProceed), 1e-12, "p = 0.3: a failure costs 3 × blast 1 instead of +0.2");
        Assert.AreEqual(ActionCatalog.DeployBlueGreen, greedy, "with no experience of risky changes, the strategy with the smallest expected loss");
    }

    [TestMethod]
    public void Value_LowRiskStateNeverSeen_CatalogPriors()
    {
        var agent = new SarsaAgent(new InMemoryStore(), new AgentOptions { Seed = 1 });
        var doc = QTableDocument.Create("t", Runs.T0);

        Assert.AreEqual(0, agent.Value(doc, Low.Key, ActionCatalog.DeployProceed), 1e-12);
        Assert.AreEqual(-0.3, agent.Value(doc, Low.Key, ActionCatalog.DeployCanary), 1e-12);
        Assert.AreEqual(-1.0, agent.Value(doc, High.Key, ActionCatalog.DeployHold), 1e-12);
    }
}
