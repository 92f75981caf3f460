using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Registry;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class PromotionTests
{
    private static BacktestReport Report(double challengerServed, double championServed, double challengerAuc = 0.87, double championAuc = 0.87) => new()
    {
        Model = "bilstm@new",
        Duration =
        {
            ["bilstm"] = new(0.25, 1), ["served"] = new(challengerServed, 1),
            ["champion"] = new(0.19, 1), ["champion_served"] = new(championServed, 1),
            ["median5"] = new(0.21, 1), ["ewma"] = new(0.22, 1), ["last"] = new(0.24, 1),
        },
        Failure =
        {
            ["bilstm"] = new(challengerAuc, 0.5), ["served"] = new(challengerAuc, 0.5),
            ["champion"] = new(championAuc, 0.5), ["champion_served"] = new(championAuc, 0.5),
        },
    };

    [TestMethod]
    public void Decide_ServedForecastBeatsChampionsServed_PromotesAndNamesBothAndTheMargin()
    {
        // The challenger's raw model (0.25) is worse than the champion's (0.19): what users get is the served forecast.
        var decision = ModelRegistry.Decide(Report(0.190, 0.200), "bilstm@new", "bilstm@2026-12-01.1");

        Assert.IsTrue(decision.Promote, decision.Reason);
        StringAssert.Contains(decision.Reason, "bilstm@new");
        StringAssert.Contains(decision.Reason, "bilstm@2026-12-01.1");
        StringAssert.Contains(decision.Reason, "-5.0 %");
    }

    [TestMethod]
    public void Decide_ServedForecastNotBetter_ChampionStaysAndSaysWhy()
    {
        var decision = ModelRegistry.Decide(Report(0.200, 0.200), "bilstm@new", "bilstm@old");

        Assert.IsFalse(decision.Promote);
        StringAssert.Contains(decision.Reason, "champion stays, its duration forecast is not better");
    }

    [TestMethod]
    public void Decide_BetterDurationButFailureAucFallsMoreThanOneHundredth_ChampionStays()
    {
        var decision = ModelRegistry.Decide(Report(0.180, 0.200, challengerAuc: 0.85, championAuc: 0.87), "bilstm@new", "bilstm@old");

        Assert.IsFalse(decision.Promote);
        StringAssert.Contains(decision.Reason, "failure AUC is more than 0.01 lower");
    }

    [TestMethod]
    public async Task TrainFromStore_FreshStore_ShippedDefaultIsTheChampion()
    {
        var defaultDir = ForecasterFactory.FindDefaultModelDirectory();
        Assert.IsNotNull(defaultDir, "models/default must be found from the test's folder");
        using var shipped = Scoring.OnnxScorer.LoadDirectory(defaultDir);
        var store = new InMemoryStore();
        foreach (var run in TestData.Synthetic(4, 80, 9))
        {
            await store.AppendRunAsync(run, CancellationToken.None);
        }

        var options = new BacktestOptions { FastTree = false, Training = TestData.Tiny with { History = shipped.Manifest.History } };
        var (report, decision, version) = await Workflows.TrainFromStoreAsync(store, false, true, options, null, null, TimeProvider.System, CancellationToken.None);

        Assert.IsTrue(report.Duration.ContainsKey("champion_served"), "the shipped default must be evaluated as the champion");
        StringAssert.Contains(decision.Reason, shipped.Manifest.ModelVersion);
        StringAssert.Contains(decision.Reason, version);
        var current = await new ModelRegistry(store).GetCurrentVersionAsync(CancellationToken.None);
        Assert.AreEqual(decision.Promote ? version : null, current, decision.Reason);
    }
}
