using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Detectors;

[TestClass]
public sealed class HungRunsDetectorTests
{
    [TestMethod]
    public void Detect_HungFailedRun_SuggestsTimeoutFromHistory()
    {
        var runs = TimedRuns.Steady(20, seconds: 600);
        runs[12] = TimedRuns.Make(13, 12 * 60, 3600, RunResult.Failed);
        var (run, history) = TimedRuns.Last(runs);

        var found = HungRunsDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.AreEqual(ActionCatalog.TimeoutFromP99, found.ActionId);
        Assert.AreEqual("15", found.Values["minutes"], "1.5 × the longest normal 10-minute job");
        StringAssert.Contains(found.Evidence, "run 13 ran 60 min per job");
        Assert.AreEqual(45 * 60 / 20.0, found.ExpectedSavingSeconds!.Value, 1e-9, "45 min past the timeout over 20 runs");
    }

    [TestMethod]
    public void Detect_LongRunThatSucceeded_NotSuggested()
    {
        // A 60-minute run that passed is slow, not hung: a timeout would have killed it.
        var runs = TimedRuns.Steady(20, seconds: 600);
        runs[12] = TimedRuns.Make(13, 12 * 60, 3600);
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(HungRunsDetector.Detect(run, history));
    }

    [TestMethod]
    public void Detect_TooFewRuns_NotSuggested()
    {
        var runs = TimedRuns.Steady(6, seconds: 600);
        runs[3] = TimedRuns.Make(4, 180, 3600, RunResult.Failed);
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(HungRunsDetector.Detect(run, history));
    }
}
