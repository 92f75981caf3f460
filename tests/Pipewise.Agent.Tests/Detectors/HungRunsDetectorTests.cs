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

    [TestMethod]
    public void Detect_SummedTimeOverJobs_TimeoutAllowsTheWholeSum()
    {
        // Travis: 4 jobs, 40 min summed (10 min each if side by side, up to 40 min for one). The timeout must allow the
        // whole sum for one job; the 60-min failure (within 3 medians, so normal) sets it: 1.5 × 60 = 90 min, and its
        // 15 min per job are not provably past it.
        JobRecord[] jobs = [.. Enumerable.Range(1, 4).Select(j => new JobRecord { Name = $"job {j}" })];
        var runs = Enumerable.Range(1, 20).Select(i => TimedRuns.Make(i, i * 60, 0) with { FinishedAt = null, DurationSeconds = 2400, Jobs = jobs }).ToList();
        runs[12] = runs[12] with { DurationSeconds = 3600, Result = RunResult.Failed };
        var (run, history) = TimedRuns.Last(runs);

        Assert.AreEqual(90, HungRunsDetector.TimeoutMinutes(runs));
        Assert.IsNull(HungRunsDetector.Detect(run, history));
    }
}
