using Pipewise.Core.Storage;
using System.Text;
using System.Text.Json.Nodes;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Drift;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Registry;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class ForecastingTests
{
    private static readonly Lazy<BacktestResult> Tiny = new(() =>
    {
        var pipelines = Backtester.Prepare(TestData.Synthetic(4, 70, 5), 50, null, 1);
        return Backtester.Run(pipelines, new BacktestOptions { Training = TestData.Tiny, FastTreeRows = 2000, Version = "tiny" }, null, null, null, null, CancellationToken.None);
    });

    [TestMethod]
    public void WindowBuilder_TargetMeasuredValuesChanged_WindowUnchanged()
    {
        var runs = TestData.Synthetic(1, 60, 9).Select(RunFacts.From).ToArray();
        var set = new WindowSet([new PipelineHistory("p", runs)], [(0, 40)], 16);
        var before = new float[set.WindowSize];
        set.Fill(0, before, null);
        runs[40] = runs[40] with { LogDuration = 12, Failed = !runs[40].Failed, TestsTotal = 5, TestsFailed = 5, Jobs = 40, QueueSeconds = 900 };
        var after = new float[set.WindowSize];
        set.Fill(0, after, null);
        CollectionAssert.AreEqual(before, after);

        // Run i−1's values do change the window (they are history).
        runs[39] = runs[39] with { LogDuration = 12 };
        set.Fill(0, after, null);
        CollectionAssert.AreNotEqual(before, after);
    }

    [TestMethod]
    public async Task ForecastAsync_NextRunMeasuredValuesChanged_PredictionUnchanged()
    {
        using var scorer = OnnxScorer.Load(Tiny.Value.Built!.Manifest.ToJson(), Tiny.Value.Built.Onnx, "tiny");
        var forecaster = new OnnxForecaster(scorer);
        var runs = TestData.Synthetic(1, 40, 4);
        var history = runs.Take(30).ToList();
        var next = runs[30];
        var a = await forecaster.ForecastAsync(next.Pipeline, history, RunContext.From(next));
        var changed = next with { DurationSeconds = 99_999, Result = RunResult.Failed, Tests = new TestSummary { Total = 1, Failed = 1 } };
        var b = await forecaster.ForecastAsync(next.Pipeline, history, RunContext.From(changed));
        Assert.IsNotNull(a);
        Assert.AreEqual(a.DurationP50Seconds, b!.DurationP50Seconds);
        Assert.AreEqual(a.FailureProbability, b.FailureProbability);
        Assert.AreEqual("bilstm@tiny", a.ModelVersion);
        Assert.IsTrue(a.DurationP90Seconds >= a.DurationP50Seconds);
        Assert.IsNotEmpty(a.TopFeatures);
        Assert.IsNull(await forecaster.ForecastAsync(next.Pipeline, history.Take(2).ToList(), RunContext.From(next)));
    }

    [TestMethod]
    public void Backtest_TinySample_WritesTheContractShape()
    {
        var json = JsonNode.Parse(Tiny.Value.Report.ToJson())!;
        Assert.AreEqual(4, (int)json["pipelines"]!);
        Assert.AreEqual(4 * 56, (int)json["train_runs"]!);
        Assert.AreEqual(4 * 14, (int)json["test_runs"]!);
        Assert.AreEqual("bilstm@tiny", (string)json["model"]!);
        Assert.AreEqual(Approved, Shape(json).ToJsonString());
    }

    private const string Approved =
        """{"pipelines":0,"train_runs":0,"test_runs":0,"model":"","duration":{"bilstm":{"wape":0,"mae_s":0,"p90_coverage":0},"served":{"wape":0,"mae_s":0,"p90_coverage":0},"last":{"wape":0,"mae_s":0},"median5":{"wape":0,"mae_s":0},"ewma":{"wape":0,"mae_s":0},"fasttree":{"wape":0,"mae_s":0}},"failure":{"bilstm":{"auc":0,"f1":0,"ece":0},"served":{"auc":0,"f1":0,"ece":0},"last_outcome":{"auc":0,"f1":0,"ece":0},"rate10":{"auc":0,"f1":0,"ece":0},"fasttree":{"auc":0,"f1":0,"ece":0}}}""";

    /// <summary>The JSON with every value replaced by a zero of its kind: keys and nesting only.</summary>
    private static JsonNode Shape(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Shape(kv.Value!)))),
        JsonValue v when v.TryGetValue<string>(out _) => JsonValue.Create(string.Empty),
        _ => JsonValue.Create(0),
    };

    [TestMethod]
    public async Task ForecasterFactory_CurrentModelFailsSha_UsesPreviousGoodVersion()
    {
        var store = new InMemoryStore();
        var registry = new ModelRegistry(store);
        var built = Tiny.Value.Built!;
        await registry.RegisterAsync(built.Manifest with { Version = "v1" }, built.Onnx, "card", CancellationToken.None);
        await registry.RegisterAsync(built.Manifest with { Version = "v2" }, built.Onnx, "card", CancellationToken.None);
        await registry.PromoteAsync("v2", CancellationToken.None);
        var corrupt = (byte[])built.Onnx.Clone();
        corrupt[^1] ^= 0xFF;
        store.WriteRaw("models/bilstm/v2/model.onnx", corrupt);

        var log = new List<string>();
        var forecaster = await ForecasterFactory.CreateAsync(store, null, log.Add, CancellationToken.None);
        var runs = TestData.Synthetic(1, 20, 3);
        var forecast = await forecaster!.ForecastAsync(runs[0].Pipeline, runs.Take(19).ToList(), RunContext.From(runs[19]));
        Assert.AreEqual("bilstm@v1", forecast!.ModelVersion);
        Assert.IsTrue(log.Any(l => l.Contains("SHA-256", StringComparison.Ordinal) && l.Contains("v2", StringComparison.Ordinal)), string.Join("\n", log));
        Assert.IsTrue(log.Any(l => l.Contains("previous good model bilstm@v1", StringComparison.Ordinal)), string.Join("\n", log));
        (forecaster as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void Load_ManifestWithOtherFeatureSchema_IsRefusedWithClearMessage()
    {
        var built = Tiny.Value.Built!;
        var manifest = built.Manifest with { FeatureSchema = "pipewise-features/0" };
        var ex = Assert.ThrowsExactly<ModelRejectedException>(() => OnnxScorer.Load(manifest.ToJson(), built.Onnx, "dir"));
        StringAssert.Contains(ex.Message, "pipewise-features/0");
        StringAssert.Contains(ex.Message, FeatureSchema.Version);
    }

    [TestMethod]
    public void LoadDirectory_ShaMismatch_RefusedAndFactoryFallsBackToNothingElse()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pw-model-" + Guid.NewGuid().ToString("N"));
        Workflows.SaveModel(dir, Tiny.Value.Built!, Tiny.Value.Report);
        using (var ok = OnnxScorer.LoadDirectory(dir))
        {
            Assert.AreEqual("bilstm@tiny", ok.Manifest.ModelVersion);
        }

        File.AppendAllText(Path.Combine(dir, "model.onnx"), "x");
        var ex = Assert.ThrowsExactly<ModelRejectedException>(() => OnnxScorer.LoadDirectory(dir));
        StringAssert.Contains(ex.Message, "SHA-256");
        Directory.Delete(dir, true);
    }

    [TestMethod]
    public async Task Registry_ChallengerWorseThanChampion_IsRegisteredButNotPromoted()
    {
        var store = new InMemoryStore();
        var registry = new ModelRegistry(store);
        var built = Tiny.Value.Built!;
        await registry.RegisterAsync(built.Manifest with { Version = "v1" }, built.Onnx, null, CancellationToken.None);
        await registry.PromoteAsync("v1", CancellationToken.None);

        var worse = Report(challenger: (0.30, 0.70), champion: (0.20, 0.85));
        var better = Report(challenger: (0.18, 0.87), champion: (0.20, 0.85));
        var noChampionButBeatsBaselines = Report(challenger: (0.18, 0.87), champion: null);
        var loses = ModelRegistry.Decide(worse);
        Assert.IsFalse(loses.Promote, loses.Reason);
        Assert.IsTrue(ModelRegistry.Decide(better).Promote);
        Assert.IsTrue(ModelRegistry.Decide(noChampionButBeatsBaselines).Promote);
        Assert.IsFalse(ModelRegistry.Decide(Report(challenger: (0.25, 0.9), champion: null)).Promote, "must beat the best simple baseline");

        await registry.RegisterAsync(built.Manifest with { Version = "v2" }, built.Onnx, null, CancellationToken.None);
        if (loses.Promote)
        {
            await registry.PromoteAsync("v2", CancellationToken.None);
        }

        Assert.AreEqual("v1", await registry.GetCurrentVersionAsync(CancellationToken.None));
        await registry.PromoteAsync("v2", CancellationToken.None);
        Assert.AreEqual("v1", await registry.RollbackAsync(CancellationToken.None));
        Assert.AreEqual(2, (await registry.ListAsync(CancellationToken.None)).Count);
    }

    private static BacktestReport Report((double Wape, double Auc) challenger, (double Wape, double Auc)? champion)
    {
        var r = new BacktestReport
        {
            Model = "bilstm@x",
            Duration = { ["bilstm"] = new(challenger.Wape, 1), ["last"] = new(0.24, 1), ["median5"] = new(0.2, 1), ["ewma"] = new(0.22, 1) },
            Failure = { ["bilstm"] = new(challenger.Auc, 0.5), ["last_outcome"] = new(0.84, 0.5) },
        };
        if (champion is { } c)
        {
            r.Duration["champion"] = new(c.Wape, 1);
            r.Failure["champion"] = new(c.Auc, 0.5);
        }

        return r;
    }

    [TestMethod]
    public async Task PredictionTracker_LargeErrors_ReturnsDriftNoteAndFlagsPipeline()
    {
        var store = new InMemoryStore();
        var tracker = new PredictionTracker(store, new DriftOptions { MinRecords = 10, MaxRecords = 25 });
        var runs = TestData.Synthetic(1, 40, 8);
        string? note = null;
        foreach (var run in runs)
        {
            note = await tracker.RecordAsync(run, new Forecast { DurationP50Seconds = run.DurationSeconds!.Value * 3, DurationP90Seconds = run.DurationSeconds.Value * 4, FailureProbability = 0.5, ModelVersion = "bilstm@t" });
        }

        Assert.IsNotNull(note);
        StringAssert.Contains(note, "WAPE");
        Assert.AreEqual(25, (await tracker.GetRecentAsync(runs[0].Pipeline, 100)).Count);
        CollectionAssert.AreEqual(new[] { runs[0].Pipeline }, (await tracker.GetStaleAsync(CancellationToken.None)).ToArray());
        await tracker.ClearStaleAsync([runs[0].Pipeline], CancellationToken.None);
        Assert.IsEmpty(await tracker.GetStaleAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task PredictionTracker_AccurateForecasts_NoNote()
    {
        var store = new InMemoryStore();
        var tracker = PredictionTrackerFactory.Create(store);
        string? note = null;
        foreach (var run in TestData.Synthetic(1, 40, 8))
        {
            note ??= await tracker.RecordAsync(run, new Forecast { DurationP50Seconds = run.DurationSeconds!.Value * 1.05, DurationP90Seconds = run.DurationSeconds.Value * 1.3, FailureProbability = run.Result == RunResult.Failed ? 0.9 : 0.1, ModelVersion = "bilstm@t" });
        }

        Assert.IsNull(note);
    }

    [TestMethod]
    public void TravisTorrentReader_QuotedFields_ParsedAsRfc4180()
    {
        var csv = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,tests_run,tests_failed\r\n" +
            "a/b,go,10,abc,,\"feat,\"\"x\"\"\",errored,120,2020-01-02T03:04:05Z,push,3,3,50,2\r\n" +
            "a/b,go,11,abd,7,master,canceled,,,pull_request,1,,,\n";
        var runs = TravisTorrentInput.Read(new StringReader(csv), "test.csv").ToList();
        Assert.HasCount(2, runs);
        Assert.AreEqual("feat,\"x\"", runs[0].Branch);
        Assert.AreEqual(RunResult.Failed, runs[0].Result);
        Assert.AreEqual(3, runs[0].Jobs.Count);
        Assert.AreEqual(50, runs[0].Tests!.Total);
        Assert.AreEqual(10, runs[0].Sequence);
        Assert.AreEqual(RunResult.Canceled, runs[1].Result);
        Assert.IsNull(runs[1].Tests);
        Assert.AreEqual(7, runs[1].PullRequest);
    }

    [TestMethod]
    public void TravisTorrentReader_MissingColumn_ErrorNamesFileAndColumn()
    {
        var ex = Assert.ThrowsExactly<InputFormatException>(() => TravisTorrentInput.Read(new StringReader("project,build_id\na/b,1\n"), "x.csv").ToList());
        StringAssert.Contains(ex.Message, "x.csv");
        StringAssert.Contains(ex.Message, "status");
    }

    [TestMethod]
    public void TravisTorrentInput_MalformedRow_SkippedLikeTheImporterAndReported()
    {
        var csv = "project,build_id,status,duration_s,started_at,event_type,tests_run,tests_ok\n" +
            "a/b,1,passed,60,2020-01-02T03:04:05Z,push,10,10\n" +
            "a/b,2,passed,60,2020-01-02T04:04:05Z,push,10,-18\n" +
            "a/b,3,failed,70,2020-01-02T05:04:05Z,push,10,9\n";
        var log = new List<string>();
        var runs = TravisTorrentInput.Read(new StringReader(csv), "t.csv", log.Add).ToList();
        CollectionAssert.AreEqual(new long?[] { 1, 3 }, runs.Select(r => r.Sequence).ToArray());
        Assert.HasCount(1, log);
        StringAssert.Contains(log[0], "t.csv");
        StringAssert.Contains(log[0], "line 3");
        StringAssert.Contains(log[0], "tests_ok");
    }

    [TestMethod]
    public void Metrics_Auc_TiesCountHalf()
    {
        Assert.AreEqual(0.5, Metrics.Auc([true, false], [0.3, 0.3]), 1e-12);
        Assert.AreEqual(1.0, Metrics.Auc([true, false, false], [0.9, 0.1, 0.2]), 1e-12);
        Assert.AreEqual(0.1, Metrics.Wape([10, 10], [12, 10]), 1e-12);
    }

    [TestMethod]
    public void ModelCard_Report_NamesDataMetricsAndCommand()
    {
        var card = Workflows.ModelCard(Tiny.Value.Built!.Manifest with { Training = new TrainingSpan { Command = "pipewise backtest --input x" } }, Tiny.Value.Report);
        StringAssert.Contains(card, "pipewise backtest --input x");
        StringAssert.Contains(card, "| median5 |");
        Assert.IsGreaterThan(0, Encoding.UTF8.GetByteCount(card));
    }
}
