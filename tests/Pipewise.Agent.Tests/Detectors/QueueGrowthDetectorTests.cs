using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;

namespace Pipewise.Agent.Tests.Detectors;

[TestClass]
public sealed class QueueGrowthDetectorTests
{
    [TestMethod]
    public void Detect_QueueGrowsWithConcurrentRuns_SuggestsCapacity()
    {
        var runs = new List<Pipewise.Core.Runs.RunRecord>();
        for (var i = 0; i < 5; i++)
        {
            // Alone: queued 10 s. Then a burst of three at once on other branches: the 2nd and 3rd wait for the first.
            runs.Add(TimedRuns.Make(runs.Count + 1, i * 120, 600, queueSeconds: 10, branch: $"a{i}"));
            runs.Add(TimedRuns.Make(runs.Count + 1, (i * 120) + 60, 600, queueSeconds: 10, branch: $"b{i}"));
            runs.Add(TimedRuns.Make(runs.Count + 1, (i * 120) + 70, 600, queueSeconds: 540, branch: $"c{i}"));
        }

        var (run, history) = TimedRuns.Last(runs);
        var found = QueueGrowthDetector.Detect(run, history);

        Assert.IsNotNull(found);
        Assert.AreEqual(ActionCatalog.QueueCapacity, found.ActionId);
        StringAssert.Contains(found.Evidence, "waited a median of 9 min");
    }

    [TestMethod]
    public void Detect_NoQueueTimes_NotSuggested()
    {
        var (run, history) = TimedRuns.Last(TimedRuns.Steady(20));

        Assert.IsNull(QueueGrowthDetector.Detect(run, history));
    }
}
