using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;

namespace Pipewise.Agent.Tests.Detectors;

[TestClass]
public sealed class DurationRegressionDetectorTests
{
    private static List<Pipewise.Core.Runs.RunRecord> StepAt(int slowFrom, int count)
    {
        // 600 s ± 30 s before run slowFrom, 846 s ± 30 s from it on (+41 %).
        return [.. Enumerable.Range(1, count).Select(i => TimedRuns.Make(i, i * 60, (i >= slowFrom ? 846 : 600) + ((i * 7 % 5) - 2) * 15))];
    }

    [TestMethod]
    public void Detect_StepChangeAtKnownRun_NamesFirstSlowRunCommitAndSize()
    {
        var (run, history) = TimedRuns.Last(StepAt(slowFrom: 16, count: 24));

        var found = DurationRegressionDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.AreEqual(ActionCatalog.DurationRegression, found.ActionId);
        Assert.AreEqual("16", found.Values["runId"]);
        Assert.AreEqual(TimedRuns.Commit(16)[..7], found.Values["commit"]);
        StringAssert.StartsWith(found.Evidence, $"+41 % since run 16, commit {TimedRuns.Commit(16)[..7]}");
    }

    [TestMethod]
    public void Detect_OneSlowRun_NotARegression()
    {
        var runs = TimedRuns.Steady(24, seconds: 600);
        runs[20] = TimedRuns.Make(21, 20 * 60, 1200);
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(DurationRegressionDetector.Detect(run, history));
    }

    [TestMethod]
    public void Detect_TooFewSlowRunsYet_NotYetDetected()
    {
        // Only 3 slow runs so far: not lasting yet.
        var (run, history) = TimedRuns.Last(StepAt(slowFrom: 16, count: 18));

        Assert.IsNull(DurationRegressionDetector.Detect(run, history));
    }
}
