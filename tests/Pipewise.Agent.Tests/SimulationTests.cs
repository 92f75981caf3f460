using System.Text.Json;
using Pipewise.Agent.Simulation;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class SimulationTests
{
    [TestMethod]
    public void ToJson_OneScenario_MatchesTheContract()
    {
        var result = SimulationRunner.Run("busy-monorepo", 40, 3);
        using var json = JsonDocument.Parse(SimulationRunner.ToJson([result]));
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("simulated").GetBoolean());
        var scenario = root.GetProperty("scenarios").EnumerateArray().Single();
        Assert.AreEqual("busy-monorepo", scenario.GetProperty("name").GetString());
        foreach (var policy in new[] { "default", "oracle", "agent" })
        {
            var p = scenario.GetProperty(policy);
            Assert.IsGreaterThan(0, p.GetProperty("build_s").GetDouble(), policy);
            Assert.IsGreaterThanOrEqualTo(0, p.GetProperty("deploy_s").GetDouble(), policy);
            Assert.IsGreaterThanOrEqualTo(0, p.GetProperty("failures").GetInt32(), policy);
        }

        var gain = scenario.GetProperty("captured_gain").GetDouble();
        double Total(string p) => scenario.GetProperty(p).GetProperty("build_s").GetDouble() + scenario.GetProperty(p).GetProperty("deploy_s").GetDouble();
        Assert.AreEqual((Total("default") - Total("agent")) / (Total("default") - Total("oracle")), gain, 1e-3);
        Assert.AreEqual(2, scenario.GetProperty("learning_curve").GetArrayLength());
    }

    [TestMethod]
    public void Run_SameSeed_SameReport()
    {
        var a = SimulationRunner.ToJson([SimulationRunner.Run("go-service", 30, 11)]);
        var b = SimulationRunner.ToJson([SimulationRunner.Run("go-service", 30, 11)]);
        Assert.AreEqual(a, b);
    }

    [TestMethod]
    public void Oracle_IsNoWorseThanDefault_AndNoMoreFailures()
    {
        var scenario = Scenarios.Get("flaky-integration");
        var draws = SimulationRunner.Draws(scenario, 30, 2);
        var def = SimulationRunner.Fixed(scenario, PipelineConfig.Default, draws);
        var (_, oracle) = SimulationRunner.Oracle(scenario, draws, def.Sum(o => o.Failures));
        Assert.IsLessThanOrEqualTo(def.Sum(o => o.BuildSeconds + o.DeploySeconds), oracle.Sum(o => o.BuildSeconds + o.DeploySeconds));
        Assert.IsLessThanOrEqualTo(def.Sum(o => o.Failures), oracle.Sum(o => o.Failures));
    }

    [TestMethod]
    public void Mechanics_Shards_TestTimeOverNPlusOverhead()
    {
        var scenario = Scenarios.Get("java-monolith");
        var draw = SimulationRunner.Draws(scenario, 1, 1)[0];
        var one = PipelineSimulator.Steps(scenario, PipelineConfig.Default, draw);
        var four = PipelineSimulator.Steps(scenario, PipelineConfig.Default with { Shards = 4 }, draw);
        Assert.AreEqual((one.Test / 4) + (4 * PipelineSimulator.ShardOverheadSeconds), four.Test, 1e-9);
        var cached = PipelineSimulator.Steps(scenario, PipelineConfig.Default with { Cache = true }, draw with { CacheHit = true });
        Assert.AreEqual(0, cached.Dependencies);
        Assert.AreEqual(one.Dependencies * PipelineSimulator.CacheRestoreShare, cached.CacheRestore, 1e-9);
    }

    [TestMethod]
    public void Scenarios_Unknown_ClearError()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Scenarios.Get("nope"));
        Assert.Contains("go-service", ex.Message);
    }
}
