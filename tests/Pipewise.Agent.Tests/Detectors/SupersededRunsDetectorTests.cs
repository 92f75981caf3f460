using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Detectors;

[TestClass]
public sealed class SupersededRunsDetectorTests
{
    [TestMethod]
    public void Detect_OverlappingSameBranchRuns_SuggestsCancelWithWastedMinutes()
    {
        // 15-minute runs every 10 minutes on main: each run is overtaken 5 minutes before it ends.
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();
        var (run, history) = TimedRuns.Last(runs);

        var found = SupersededRunsDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.AreEqual(ActionCatalog.CancelSuperseded, found.ActionId);
        StringAssert.StartsWith(found.Evidence, "5 of the last 6 runs kept running");
        StringAssert.Contains(found.Evidence, "25 build minutes");
        var overtaken = SupersededRunsDetector.Overtaken(runs);
        Assert.HasCount(5, overtaken);
        Assert.IsTrue(overtaken.All(o => Math.Abs(o.WastedSeconds - 300) < 1e-9), "each kept running 5 min after the newer run started");
    }

    [TestMethod]
    public void Detect_HistoryAlreadyCancelsSupersededRuns_NotSuggested()
    {
        // The same overlap, but the first overtaken run was canceled when the newer one started: the pipeline cancels.
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();
        runs[1] = TimedRuns.Make(2, 10, 10 * 60, RunResult.Canceled);
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(SupersededRunsDetector.Detect(run, history));
    }

    [TestMethod]
    public void Detect_OverlapOnDifferentBranches_NotSuggested()
    {
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60, branch: $"feature-{i}")).ToList();
        var (run, history) = TimedRuns.Last(runs);

        Assert.IsNull(SupersededRunsDetector.Detect(run, history));
    }

    [TestMethod]
    public void Overtaken_TravisSummedDuration_UsesWallTimePerJob()
    {
        // No finish time, 3 jobs with 30 min summed: the wall time is at least 10 min; a run 8 min later overtakes it by 2 min.
        var older = TimedRuns.Make(1, 0, 0) with { FinishedAt = null, DurationSeconds = 1800, Jobs = Jobs(3) };
        var newer = TimedRuns.Make(2, 8, 0) with { FinishedAt = null, DurationSeconds = 1800, Jobs = Jobs(3) };

        var o = SupersededRunsDetector.Overtaken([older, newer]).Single();

        Assert.AreEqual(120, o.OverlapSeconds, 1e-9);
        Assert.AreEqual(1800 * 0.2, o.WastedSeconds, 1e-9, "a fifth of its wall time was left, so a fifth of its build minutes");
    }

    [TestMethod]
    public void Detect_HugeBranchWithNewlines_EvidenceClippedToOneLine()
    {
        var branch = "evil\n::error::injected" + new string('x', 100_000);
        var runs = Enumerable.Range(1, 4).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60, branch: branch)).ToList();
        var (run, history) = TimedRuns.Last(runs);

        var found = SupersededRunsDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.DoesNotContain("\n", found.Evidence);
        Assert.IsLessThan(600, found.Evidence.Length, "the branch is clipped, not copied");
    }

    private static JobRecord[] Jobs(int n) => [.. Enumerable.Range(1, n).Select(i => new JobRecord { Name = $"job {i}" })];
}
