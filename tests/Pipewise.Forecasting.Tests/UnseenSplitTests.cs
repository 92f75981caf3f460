using Pipewise.Forecasting.Backtesting;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class UnseenSplitTests
{
    [TestMethod]
    public void Split_UnseenFraction_HeldOutPipelinesNeverTrainAndAreTheOnlyOnesScored()
    {
        var pipelines = Backtester.Prepare(TestData.Synthetic(10, 60, 3), 50, null, 1);
        var options = new BacktestOptions { UnseenFraction = 0.3, Training = TestData.Tiny };

        var (train, val, test, trainRuns, testRuns) = Backtester.Split(pipelines, options);
        var unseen = Backtester.Unseen(pipelines.Count, 0.3, options.Seed);

        Assert.AreEqual(3, unseen.Count);
        Assert.IsFalse(train.Targets.Concat(val.Targets).Any(t => unseen.Contains(t.Pipeline)), "a held-out pipeline trained");
        Assert.IsTrue(test.Targets.All(t => unseen.Contains(t.Pipeline)), "a seen pipeline was scored");
        Assert.AreEqual(3, test.Targets.Select(t => t.Pipeline).Distinct().Count());
        Assert.AreEqual(7 * 48, trainRuns);
        Assert.AreEqual(3 * 12, testRuns);
    }

    [TestMethod]
    public void Unseen_SameSeed_SamePipelines_OtherSeed_Others()
    {
        var a = Backtester.Unseen(100, 0.2, 42);
        var b = Backtester.Unseen(100, 0.2, 42);
        var c = Backtester.Unseen(100, 0.2, 43);

        Assert.AreEqual(20, a.Count);
        CollectionAssert.AreEquivalent(a.ToArray(), b.ToArray());
        CollectionAssert.AreNotEquivalent(a.ToArray(), c.ToArray());
    }

    [TestMethod]
    public void Split_NoUnseenFraction_EveryPipelineTrainsAndIsScored()
    {
        var pipelines = Backtester.Prepare(TestData.Synthetic(4, 60, 3), 50, null, 1);

        var (train, _, test, _, _) = Backtester.Split(pipelines, new BacktestOptions { Training = TestData.Tiny });

        Assert.AreEqual(4, train.Targets.Select(t => t.Pipeline).Distinct().Count());
        Assert.AreEqual(4, test.Targets.Select(t => t.Pipeline).Distinct().Count());
    }
}
