using System.Net;
using System.Net.Http.Headers;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>/metrics through the OpenTelemetry SDK and its Prometheus exporter (ADR 0016): the names users scrape.</summary>
[TestClass]
public sealed class GateMetricsTests
{
    private const string GateKey = "gate-key-metrics-17";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static Task<GateServiceHost> StartAsync(Func<string, string?>? env = null) =>
        GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = new InMemoryStore() },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.GateKeyVariable ? GateKey : env?.Invoke(n), new GatePolicyOptions()),
            "http://127.0.0.1:0");

    private static Task<string> ScrapeAsync(GateServiceHost host) => Http.GetStringAsync(new Uri(host.BaseUrl, "metrics"));

    private static List<string> Series(string text, string name) =>
        [.. text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))];

    [TestMethod]
    public async Task Metrics_ManyPipelines_LabelSetBoundedWithTheRestUnderOther()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < GateMetrics.MaxPipelineLabels + 50; i++)
        {
            host.Metrics.RecordVerdict($"azure-devops/o/p/{i}", "pass", "azure-devops-gate", "m@1", TimeSpan.FromMilliseconds(1));
        }

        var text = await ScrapeAsync(host);

        Assert.HasCount(GateMetrics.MaxPipelineLabels + 1, Series(text, "pipewise_gate_verdicts_total"));
        StringAssert.Contains(text, $"pipewise_gate_verdicts_total{{pipeline=\"{GateMetrics.OtherPipelines}\",result=\"pass\",source=\"azure-devops-gate\"}} 50");
        Assert.HasCount(GateMetrics.MaxPipelineLabels + 1, Series(text, "pipewise_model_info"));
        Assert.IsFalse(text.Contains("otel_metric_overflow", StringComparison.Ordinal), "the SDK's own cardinality limit must sit above ours");
        StringAssert.Contains(text, $"pipewise_gate_scoring_seconds_count{{}} {GateMetrics.MaxPipelineLabels + 50}");
    }

    [TestMethod]
    public async Task Metrics_TypesBucketsAndModelVersion_AsThePageBeforeIt()
    {
        await using var host = await StartAsync();
        host.Metrics.RecordVerdict("github/o/r/w.yml", "warn", "github-protection-rule", "m@1", TimeSpan.FromMilliseconds(3));
        host.Metrics.RecordVerdict("github/o/r/w.yml", "warn", "github-protection-rule", "m@2", TimeSpan.FromMilliseconds(30));
        host.Metrics.RecordRejected("unauthorized");

        var text = await ScrapeAsync(host);

        StringAssert.Contains(text, "# TYPE pipewise_gate_verdicts_total counter");
        StringAssert.Contains(text, "pipewise_gate_verdicts_total{pipeline=\"github/o/r/w.yml\",result=\"warn\",source=\"github-protection-rule\"} 2");
        StringAssert.Contains(text, "# TYPE pipewise_gate_requests_rejected_total counter");
        StringAssert.Contains(text, "pipewise_gate_requests_rejected_total{reason=\"unauthorized\"} 1");
        StringAssert.Contains(text, "# TYPE pipewise_gate_scoring_seconds histogram");
        StringAssert.Contains(text, "pipewise_gate_scoring_seconds_bucket{le=\"0.005\"} 1");
        StringAssert.Contains(text, "pipewise_gate_scoring_seconds_bucket{le=\"0.05\"} 2");
        StringAssert.Contains(text, "pipewise_gate_scoring_seconds_bucket{le=\"+Inf\"} 2");
        StringAssert.Contains(text, "# TYPE pipewise_model_info gauge");
        Assert.AreEqual("pipewise_model_info{pipeline=\"github/o/r/w.yml\",version=\"m@2\"} 1", Series(text, "pipewise_model_info").Single().Split(' ')[0] + " 1");
        Assert.IsFalse(text.Contains("otel_scope_", StringComparison.Ordinal) || text.Contains("target_info", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public async Task Metrics_VerdictOfAPipelineTheStoreCouldNotConfirm_NoNewLabel()
    {
        await using var host = await StartAsync();
        host.Metrics.RecordVerdict("github/o/r/known.yml", "pass", "github-protection-rule", null, TimeSpan.Zero);
        host.Metrics.RecordVerdict("github/o/r/known.yml", "pass", "github-protection-rule", null, TimeSpan.Zero, confirmed: false);
        host.Metrics.RecordVerdict("github/o/r/maybe.yml", "pass", "github-protection-rule", null, TimeSpan.Zero, confirmed: false);

        var text = await ScrapeAsync(host);

        StringAssert.Contains(text, "pipewise_gate_verdicts_total{pipeline=\"github/o/r/known.yml\",result=\"pass\",source=\"github-protection-rule\"} 2");
        StringAssert.Contains(text, $"pipewise_gate_verdicts_total{{pipeline=\"{GateMetrics.OtherPipelines}\",result=\"pass\",source=\"github-protection-rule\"}} 1");
        Assert.DoesNotContain("maybe.yml", text);
    }

    [TestMethod]
    public async Task MetricsLabel_QuotesBackslashesAndNewlines_Escaped()
    {
        await using var host = await StartAsync();
        host.Metrics.RecordRejected("a\\b\"c\nd");

        var text = await ScrapeAsync(host);

        StringAssert.Contains(text, "pipewise_gate_requests_rejected_total{reason=\"a\\\\b\\\"c\\nd\"} 1");
    }

    [TestMethod]
    public async Task Metrics_GateRequests_VerdictsByOutcomeAndRequestLatencyByRoute()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, new PipelineKey("azure-devops", "contoso", "web", "42"), 3);
        await using var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.GateKeyVariable ? GateKey : null, new GatePolicyOptions()),
            "http://127.0.0.1:0");
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/azure-devops/gate")) { Content = new StringContent("""{"pipeline":"azure-devops/contoso/web/42"}""") };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(GateServiceHost.GateKeyHeader, GateKey);
            using var response = await Http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        }

        var text = await ScrapeAsync(host);

        StringAssert.Contains(text, "pipewise_gate_verdicts_total{pipeline=\"azure-devops/contoso/web/42\",result=\"pass\",source=\"azure-devops-gate\"} 2");
        StringAssert.Contains(text, "# TYPE http_server_request_duration_seconds histogram");
        var count = Series(text, "http_server_request_duration_seconds_count").Single(l => l.Contains("http_route=\"/api/azure-devops/gate\"", StringComparison.Ordinal));
        StringAssert.Contains(count, "http_request_method=\"POST\"");
        StringAssert.Contains(count, "http_response_status_code=\"200\"");
        Assert.IsTrue(count.EndsWith(" 2", StringComparison.Ordinal), count);
    }

    [TestMethod]
    public async Task Metrics_TwoServicesInOneProcess_CountOnlyTheirOwn()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        first.Metrics.RecordRejected("replay");

        var secondText = await ScrapeAsync(second);
        var firstText = await ScrapeAsync(first);

        StringAssert.Contains(firstText, "pipewise_gate_requests_rejected_total{reason=\"replay\"} 1");
        Assert.IsFalse(secondText.Contains("reason=\"replay\"", StringComparison.Ordinal), secondText);
    }

    [TestMethod]
    public async Task Metrics_DashboardOff_404AndNothingRead()
    {
        await using var host = await StartAsync(n => n == GateServiceOptions.DashboardVariable ? "off" : null);

        using var response = await Http.GetAsync(new Uri(host.BaseUrl, "metrics"));

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "PIPEWISE_DASHBOARD=off");
    }

    [TestMethod]
    public async Task Metrics_WithOtlpEndpoint_TheSameInstrumentsGoOverOtlpToo()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/metrics", new ReplayResponse(200, ""));
        var otlp = Pipewise.Telemetry.Otlp.OtlpSettings.From(n => n == "OTEL_EXPORTER_OTLP_ENDPOINT" ? collector.BaseUrl.ToString() : null);
        var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = new InMemoryStore(), Otlp = otlp },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.GateKeyVariable ? GateKey : null, new GatePolicyOptions()),
            "http://127.0.0.1:0");
        host.Metrics.RecordVerdict("github/o/r/w.yml", "fail", "github-protection-rule", "m@1", TimeSpan.FromMilliseconds(2));
        StringAssert.Contains(await ScrapeAsync(host), "pipewise_gate_verdicts_total{pipeline=\"github/o/r/w.yml\",result=\"fail\"");

        // Stopping the service flushes the periodic reader once.
        await host.DisposeAsync();

        var body = string.Concat(collector.RequestsTo("POST", "/v1/metrics").Select(r => r.Body));
        StringAssert.Contains(body, "pipewise.gate.verdicts");
        StringAssert.Contains(body, "github/o/r/w.yml");
        StringAssert.Contains(body, "pipewise.gate.scoring");
    }
}
