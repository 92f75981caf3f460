using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Detectors;

[TestClass]
public sealed class IntermittentFailureDetectorTests
{
    [TestMethod]
    public void Detect_FailThenPassOnReRunAndSameCommit_SuggestsRetryWithSuccessRate()
    {
        var runs = TimedRuns.Steady(12, seconds: 600);
        // Run 4 failed and its attempt 2 passed 30 min after it ended; run 8 failed and run 9 built the same commit and passed.
        runs[3] = TimedRuns.Make(4, 180, 600, RunResult.Failed);
        runs.Add(TimedRuns.Make(4, 220, 600, attempt: 2));
        runs[7] = TimedRuns.Make(8, 420, 600, RunResult.Failed);
        runs[8] = TimedRuns.Make(9, 450, 600, commit: TimedRuns.Commit(8));
        var ordered = runs.OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt).ToList();
        var (run, history) = TimedRuns.Last(ordered);

        var found = IntermittentFailureDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.AreEqual(ActionCatalog.RetryIntermittent, found.ActionId);
        Assert.AreEqual("75", found.Values["success"], "(2 + 1) / (2 + 2)");
        StringAssert.Contains(found.Evidence, "2 of 2 failed runs passed");
        var pairs = IntermittentFailureDetector.Pairs(ordered);
        Assert.HasCount(2, pairs);
        Assert.AreEqual(30 * 60, pairs[0].GapSeconds, 1e-9);
        Assert.AreEqual(20 * 60, pairs[1].GapSeconds, 1e-9);
    }

    [TestMethod]
    public void Detect_FailuresNeverPassOnReRun_NotSuggested()
    {
        var runs = TimedRuns.Steady(12, seconds: 600);
        runs[3] = TimedRuns.Make(4, 180, 600, RunResult.Failed);
        runs[4] = TimedRuns.Make(5, 240, 600, RunResult.Failed, commit: TimedRuns.Commit(4));
        runs[7] = TimedRuns.Make(8, 420, 600, RunResult.Failed);
        runs[8] = TimedRuns.Make(9, 480, 600, RunResult.Failed, commit: TimedRuns.Commit(8));
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(IntermittentFailureDetector.Detect(run, history));
    }

    [TestMethod]
    public void Pairs_ScheduledBuildOfSameCommit_IsNotAReRun()
    {
        var failed = TimedRuns.Make(1, 0, 600, RunResult.Failed);
        var nightly = TimedRuns.Make(2, 600, 600, commit: TimedRuns.Commit(1)) with { Event = "schedule" };

        Assert.IsEmpty(IntermittentFailureDetector.Pairs([failed, nightly]));
    }

    [TestMethod]
    public void Detect_MostFailuresReal_RetryDoesNotPayNotSuggested()
    {
        // Two failures passed on a re-run 5 min later, but 6 more failed for real: retrying every failure (10 min each)
        // costs more than the 2/8 × 5 min it saves per failure.
        var runs = TimedRuns.Steady(20, seconds: 600);
        foreach (var f in new[] { 2, 5 })
        {
            runs[f - 1] = TimedRuns.Make(f, (f - 1) * 60, 600, RunResult.Failed);
            runs[f] = TimedRuns.Make(f + 1, ((f - 1) * 60) + 15, 600, commit: TimedRuns.Commit(f));
        }

        foreach (var f in new[] { 9, 11, 13, 15, 17, 19 })
        {
            runs[f - 1] = TimedRuns.Make(f, (f - 1) * 60, 600, RunResult.Failed);
        }

        var (run, history) = TimedRuns.Last(runs);

        Assert.HasCount(2, IntermittentFailureDetector.Pairs(runs));
        Assert.IsNull(IntermittentFailureDetector.Detect(run, history));
    }
}
