using Pipewise.Core.Agent;
using Pipewise.Core.Runs;
using Pipewise.Dashboard.Charts;
using Pipewise.Dashboard.Fleet;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed class FleetQueryTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static FleetPipeline Pipeline(string name, params (double DaysAgo, double Seconds, RunResult Result)[] runs) => new()
    {
        Key = new PipelineKey("github", "octo", name, "ci.yml"),
        Name = name,
        Runs = [.. runs.Select(r => new RunFact(AsOf.AddDays(-r.DaysAgo), r.Seconds, r.Result, 1))],
    };

    [TestMethod]
    [DataRow("period", "1y", "Query parameter 'period' must be 7d, 30d, 90d or all.")]
    [DataRow("dir", "up", "Query parameter 'dir' must be asc or desc.")]
    [DataRow("page", "0", "Query parameter 'page' must be a whole number ≥ 1.")]
    [DataRow("verdict", "maybe", "Query parameter 'verdict' must be pass, warn, fail or none.")]
    public void Parse_BadValue_NamesTheParameterAndWhatItAccepts(string name, string value, string message)
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => FleetQuery.Parse(n => n == name ? value : null));
        Assert.AreEqual(message, ex.Message);
    }

    [TestMethod]
    public void For_Period_CountsOnlyItsRunsAndMedianOfSuccesses()
    {
        var p = Pipeline("a", (40, 900, RunResult.Succeeded), (5, 100, RunResult.Succeeded), (4, 300, RunResult.Failed), (3, 200, RunResult.Succeeded));

        var month = FleetRows.For(p, FleetPeriod.Month, AsOf);
        var all = FleetRows.For(p, FleetPeriod.All, AsOf);

        Assert.AreEqual(3, month.Runs);
        Assert.AreEqual(10, month.BuildMinutes, 1e-9);
        Assert.AreEqual(150, month.P50Seconds);
        Assert.AreEqual(1 / 3.0, month.FailureRate!.Value, 1e-9);
        Assert.IsNull(month.Trend, "fewer than 6 timed runs: no trend");
        Assert.AreEqual(4, all.Runs);
        Assert.AreEqual(200, all.P50Seconds);
    }

    [TestMethod]
    public void Apply_SortByFailureDescending_PutsUnknownLastAndSearchMatchesRepository()
    {
        var snapshot = new FleetSnapshot
        {
            GeneratedAt = AsOf,
            AsOf = AsOf,
            Store = "test",
            Pipelines =
            [
                Pipeline("low", (1, 60, RunResult.Succeeded), (2, 60, RunResult.Failed), (3, 60, RunResult.Succeeded), (4, 60, RunResult.Succeeded)),
                Pipeline("unknown"),
                Pipeline("high", (1, 60, RunResult.Failed), (2, 60, RunResult.Failed)),
            ],
        };

        var sorted = FleetQuery.Parse(n => n == "sort" ? "failure" : null).Apply(snapshot).Select(r => r.Pipeline.Name).ToList();
        var ascending = FleetQuery.Parse(n => n switch { "sort" => "failure", "dir" => "asc", _ => null }).Apply(snapshot).Select(r => r.Pipeline.Name).ToList();
        var searched = FleetQuery.Parse(n => n == "q" ? "HIG" : null).Apply(snapshot).Select(r => r.Pipeline.Name).ToList();

        CollectionAssert.AreEqual(new[] { "high", "low", "unknown" }, sorted);
        CollectionAssert.AreEqual(new[] { "low", "high", "unknown" }, ascending, "unknown values sort last either way");
        CollectionAssert.AreEqual(new[] { "high" }, searched);
    }

    [TestMethod]
    public void For_Suggestions_SavingIsPerRunSavingTimesFirstAttemptsInPeriod()
    {
        var p = Pipeline("a", (1, 600, RunResult.Succeeded), (2, 600, RunResult.Succeeded)) with
        {
            Insight = new PipelineInsight { Suggestions = [new Suggestion { ActionId = "cancel-superseded", Title = "Cancel superseded runs", Evidence = "e", ExpectedSavingSeconds = 90 }] },
        };

        var row = FleetRows.For(p, FleetPeriod.Week, AsOf);

        Assert.AreEqual(1, row.Suggestions);
        Assert.AreEqual(3, row.SavingMinutes!.Value, 1e-9);
    }

    [TestMethod]
    public void Ticks_TenDays_AreDailyCalendarDates()
    {
        var ticks = TimeAxis.Ticks(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero));

        CollectionAssert.AreEqual(Enumerable.Range(2, 10).Select(d => "Nov " + d).ToList(), ticks.Select(t => t.Label).ToList());
    }

    [TestMethod]
    public void Ticks_ThreeYears_AreYearsAndNeverMoreThanTheMaximum()
    {
        var ticks = TimeAxis.Ticks(new DateTimeOffset(2013, 5, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2016, 8, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.IsLessThanOrEqualTo(12, ticks.Count);
        Assert.IsTrue(ticks.All(t => t.At.Month is 1 or 4 or 7 or 10 || t.Label.Length == 4), string.Join(", ", ticks.Select(t => t.Label)));
        Assert.IsTrue(ticks.Zip(ticks.Skip(1)).All(p => p.First.At < p.Second.At));
    }

    [TestMethod]
    public void ValueAxis_Max_NiceStepsCoveringIt() =>
        CollectionAssert.AreEqual(new[] { 0.0, 200, 400, 600, 800 }, ValueAxis.Ticks(690).ToArray());
    [TestMethod]
    public async Task Cache_SlowFirstLoad_AnswersNotReadyThenTheSnapshotAndReadsTheStoreOnce()
    {
        var loads = 0;
        var release = new TaskCompletionSource();
        var cache = new FleetSnapshotCache(async _ =>
        {
            Interlocked.Increment(ref loads);
            await release.Task;
            return new FleetSnapshot { GeneratedAt = AsOf, AsOf = AsOf, Store = "slow" };
        }, TimeProvider.System);

        var first = await cache.GetAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var second = await cache.GetAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        release.SetResult();
        var third = await cache.GetAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var fourth = await cache.GetAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.IsNull(first, "a fleet still being read is 'not ready', not a wait past the request's timeout");
        Assert.IsNull(second);
        Assert.AreEqual("slow", third?.Store);
        Assert.AreSame(third, fourth);
        Assert.AreEqual(1, loads, "one read of the store, however many requests waited");
    }
}
