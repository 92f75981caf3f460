using System.Text.Json;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Replay;
using Pipewise.Agent.Tests.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Replay;

[TestClass]
public sealed class PipelineReplayerTests
{
    private static readonly PipelineKey Key = new("github", "octo", "app", "ci");

    [TestMethod]
    public void Replay_OverlappingRuns_CreditsOverlapFromFirstSuggestion()
    {
        // 15-minute runs every 10 minutes: each kept running 5 min after the next started. The overlap of runs 1→2 is
        // seen after run 2, so cancellation is in force from run 3 on: runs 2→3, 3→4, 4→5, 5→6 = 20 minutes.
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();

        var replay = new PipelineReplayer().Replay(Key, runs);

        var cancel = replay.Actions[ActionCatalog.CancelSuperseded];
        Assert.AreEqual(4, cancel.SuggestedRuns);
        Assert.AreEqual(20, cancel.MinutesSaved, 1e-9);
        Assert.AreEqual(90, replay.BuildMinutes, 1e-9);
        Assert.IsEmpty(replay.InForce[2 - 1], "nothing is known before run 2 ends");
    }

    [TestMethod]
    public void Replay_HistoryThatCancelsSupersededRuns_NoCancelSuggestion()
    {
        var runs = Enumerable.Range(1, 6)
            .Select(i => i % 2 == 1 ? TimedRuns.Make(i, (i - 1) * 10, 10 * 60, RunResult.Canceled) : TimedRuns.Make(i, (i - 1) * 10, 15 * 60))
            .ToList();

        var replay = new PipelineReplayer().Replay(Key, runs);

        Assert.IsFalse(replay.Actions.ContainsKey(ActionCatalog.CancelSuperseded));
    }

    [TestMethod]
    public void Replay_HungRunsAfterSuggestion_CreditsMinutesPastTimeout()
    {
        // Run 13 hangs (60 min, failed): a 15-minute timeout is suggested after it; run 18 hangs too and saves 45 min.
        var runs = TimedRuns.Steady(24, seconds: 600);
        runs[12] = TimedRuns.Make(13, 12 * 60, 3600, RunResult.Failed);
        runs[17] = TimedRuns.Make(18, 17 * 60, 3600, RunResult.Failed);

        var replay = new PipelineReplayer().Replay(Key, runs);

        var timeout = replay.Actions[ActionCatalog.TimeoutFromP99];
        Assert.AreEqual(45, timeout.MinutesSaved, 1e-9, "run 13's own hang is not credited: it is what revealed the problem");
        Assert.AreEqual(24 - 13, timeout.SuggestedRuns);
    }

    [TestMethod]
    public void Replay_FailThenPassReRuns_CreditsRoundTripLessRetryCost()
    {
        // Failures at runs 4 and 8, each re-run on the same commit 20 min later and passing; a third at run 14 passes too.
        var runs = TimedRuns.Steady(20, seconds: 600);
        foreach (var f in new[] { 4, 8, 14 })
        {
            runs[f - 1] = TimedRuns.Make(f, (f - 1) * 60, 600, RunResult.Failed);
            runs[f] = TimedRuns.Make(f + 1, ((f - 1) * 60) + 30, 600, commit: TimedRuns.Commit(f));
        }

        var replay = new PipelineReplayer().Replay(Key, runs);

        // Suggested after run 9 (two fail→pass pairs seen); from then on only run 14 fails: +20 min round trip − 10 min retry.
        var retry = replay.Actions[ActionCatalog.RetryIntermittent];
        Assert.AreEqual(10, retry.MinutesSaved, 1e-9);
    }

    [TestMethod]
    public void Replay_StepChange_ReportsDetectionDelay()
    {
        var runs = Enumerable.Range(1, 30).Select(i => TimedRuns.Make(i, i * 60, (i >= 16 ? 846 : 600) + ((i * 7 % 5) - 2) * 15)).ToList();

        var replay = new PipelineReplayer().Replay(Key, runs);

        var regression = replay.Actions[ActionCatalog.DurationRegression];
        Assert.AreEqual(1, regression.Regressions);
        Assert.AreEqual(0, regression.MinutesSaved, "a detection saves nothing by itself");
        Assert.IsTrue(regression.RunsUnnoticed is >= 5 and <= 8, $"detected {regression.RunsUnnoticed} runs after the first slow one");
    }

    [TestMethod]
    public void Replay_FutureRunsChanged_SuggestionsInForceUntilThenUnchanged()
    {
        // Whatever happens from run k on must not change what was in force at runs 1..k.
        var runs = Enumerable.Range(1, 30).Select(i => TimedRuns.Make(i, (i - 1) * 60, 600 + (i % 3 * 10))).ToList();
        const int k = 15;
        var future = runs.Select((r, i) => i < k - 1 ? r : TimedRuns.Make(i + 1, (i * 60) - 55, 3600, RunResult.Failed)).ToList();

        var a = new PipelineReplayer().Replay(Key, runs);
        var b = new PipelineReplayer().Replay(Key, future);

        for (var i = 0; i < k; i++)
        {
            CollectionAssert.AreEqual(a.InForce[i].ToList(), b.InForce[i].ToList(), $"run {i + 1} saw data of run {k} or later");
        }

        Assert.AreNotEqual(string.Join(',', a.InForce[k + 3]), string.Join(',', b.InForce[k + 3]), "the changed runs do produce suggestions later");
    }

    [TestMethod]
    public void Replay_SuggestionCode_SeesOnlyEarlierRuns()
    {
        var runs = TimedRuns.Steady(40);
        var replayer = new PipelineReplayer((run, history) =>
        {
            var index = int.Parse(run.RunId, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(history.All(h => h.OrderValue < run.OrderValue), "history holds only runs before the one asked about");
            Assert.IsLessThanOrEqualTo(PipelineReplayer.HistoryLength, history.Count);
            Assert.IsTrue(index < 40, "the last run is never asked about: nothing follows it");
            return [];
        });

        var replay = replayer.Replay(Key, runs);

        Assert.HasCount(40, replay.InForce);
    }

    [TestMethod]
    public void Write_Report_HasTheContractShape()
    {
        var report = new ReplayReport();
        report.Add(new PipelineReplayer().Replay(Key, [.. Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60))]));

        using var doc = JsonDocument.Parse(ReplayJson.Write(report));
        var root = doc.RootElement;

        Assert.IsFalse(root.GetProperty("simulated").GetBoolean());
        Assert.AreEqual(1, root.GetProperty("pipelines").GetInt32());
        Assert.AreEqual(6, root.GetProperty("runs").GetInt32());
        Assert.AreEqual(90, root.GetProperty("build_minutes").GetDouble());
        Assert.AreEqual(1, root.GetProperty("pipelines_with_suggestions").GetInt32());
        var cancel = root.GetProperty("actions").GetProperty(ActionCatalog.CancelSuperseded);
        Assert.AreEqual(1, cancel.GetProperty("pipelines").GetInt32());
        Assert.AreEqual(4, cancel.GetProperty("suggested_runs").GetInt32());
        Assert.AreEqual(20, cancel.GetProperty("minutes_saved").GetDouble());
        Assert.AreEqual(Math.Round(20 / 90.0, 6), cancel.GetProperty("share_of_build_minutes").GetDouble());
        Assert.AreEqual(20, root.GetProperty("total").GetProperty("minutes_saved").GetDouble());
        Assert.AreEqual(Math.Round(20 / 90.0, 6), root.GetProperty("total").GetProperty("share_of_build_minutes").GetDouble());
    }
}
