using System.Diagnostics;
using System.Text.Json;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

[TestClass]
public sealed class TelemetryProcessTests
{
    private const string Token = "otel-token-7d1e";
    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-otel-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    private string WriteRunFile(string runId = "77")
    {
        var start = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var run = new RunRecord
        {
            Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", PipelineName = "CI", RunId = runId,
            QueuedAt = start.AddSeconds(-15), StartedAt = start, FinishedAt = start.AddMinutes(4), Result = RunResult.Succeeded,
            Jobs = [new JobRecord { Name = "build", StartedAt = start, FinishedAt = start.AddMinutes(4), Result = RunResult.Succeeded, Steps = [new StepRecord { Name = "make", StartedAt = start, FinishedAt = start.AddMinutes(4), Result = RunResult.Succeeded }] }],
        };
        var path = Path.Combine(dir, runId + ".json");
        File.WriteAllBytes(path, RunRecordJson.Serialize(run));
        return path;
    }

    private static Dictionary<string, string?> Otel(Uri endpoint, string protocol = "http/json") => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        ["OTEL_EXPORTER_OTLP_HEADERS"] = "authorization=Bearer%20" + Token,
    };

    [TestMethod]
    public async Task Run_WithOtlpEndpoint_DeliversTheTraceAndTheMetrics()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}"));
        collector.Map("POST", "/v1/metrics", new ReplayResponse(200, "{}"));

        var result = await PipewiseProcess.RunAsync(dir, Otel(collector.BaseUrl), "run", "--store", "store", "--run-file", WriteRunFile());

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.DoesNotContain("warning", result.Stderr);
        var trace = collector.RequestsTo("POST", "/v1/traces").Single();
        Assert.AreEqual("Bearer " + Token, trace.Header("authorization"));
        using var body = JsonDocument.Parse(trace.Body);
        var spans = body.RootElement.GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans").EnumerateArray().ToList();
        CollectionAssert.AreEquivalent(new[] { "BUILD CI", "queue", "build", "make" }, spans.Select(s => s.GetProperty("name").GetString()).ToList());
        var root = spans.Single(s => s.GetProperty("name").GetString() == "BUILD CI");
        Assert.IsTrue(root.GetProperty("attributes").EnumerateArray().Any(a => a.GetProperty("key").GetString() == "pipewise.verdict"), "the verdict is on the root span");
        var metrics = collector.RequestsTo("POST", "/v1/metrics");
        Assert.IsNotEmpty(metrics, "the metrics were pushed through the SDK's OTLP exporter");
        Assert.AreEqual("application/x-protobuf", metrics[0].Header("content-type"));
        StringAssert.Contains(metrics[0].Body, "cicd.pipeline.run.duration");
        Assert.DoesNotContain(Token, result.Stdout + result.Stderr);
    }

    [TestMethod]
    public async Task Run_CollectorHangs_FinishesWithAWarningWithinTheExportLimit()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}", Delay: TimeSpan.FromSeconds(120)));
        collector.Map("POST", "/v1/metrics", new ReplayResponse(200, "{}", Delay: TimeSpan.FromSeconds(120)));
        var clock = Stopwatch.StartNew();

        var result = await PipewiseProcess.RunAsync(dir, Otel(collector.BaseUrl), "run", "--store", "store", "--run-file", WriteRunFile());

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, "pipewise run: warning: OpenTelemetry: the trace was not delivered: no answer from");
        StringAssert.Contains(result.Stderr, "the run goes on");
        Assert.IsLessThan(60, clock.Elapsed.TotalSeconds, "a hung collector (120 s) must not hold the run: the export gives up after 5 s");
        Assert.DoesNotContain(Token, result.Stdout + result.Stderr);
    }

    [TestMethod]
    public async Task Export_StoredHistoryTwice_SameTraceIdsAndThroughputLine()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}"));
        foreach (var id in new[] { "1", "2", "3" })
        {
            await PipewiseProcess.RunAsync(dir, null, "run", "--store", "store", "--run-file", WriteRunFile(id));
        }

        var first = await PipewiseProcess.RunAsync(dir, Otel(collector.BaseUrl), "export", "--otlp", "--store", "store");
        var second = await PipewiseProcess.RunAsync(dir, Otel(collector.BaseUrl), "export", "--otlp", "--store", "store", "--since", "2025-12-31");

        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        StringAssert.Contains(first.Stdout, "pipewise export: 3 run(s) as 12 span(s) in 1 request(s)");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        var requests = collector.RequestsTo("POST", "/v1/traces");
        Assert.HasCount(2, requests);
        static List<string> Ids(string body) => [.. JsonDocument.Parse(body).RootElement.GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("traceId").GetString() + "/" + s.GetProperty("spanId").GetString()).Order()];
        CollectionAssert.AreEqual(Ids(requests[0].Body), Ids(requests[1].Body), "exporting again gives the same trace and span ids, not duplicates");
    }

    [TestMethod]
    public async Task Export_CollectorDown_Exit3WithWhatWasDelivered()
    {
        await PipewiseProcess.RunAsync(dir, null, "run", "--store", "store", "--run-file", WriteRunFile());
        var down = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var result = await PipewiseProcess.RunAsync(dir, Otel(down), "export", "--otlp", "--store", "store");

        Assert.AreEqual(3, result.ExitCode);
        StringAssert.Contains(result.Stderr, "could not be reached");
        StringAssert.Contains(result.Stderr, "0 run(s) were delivered");
    }
}
