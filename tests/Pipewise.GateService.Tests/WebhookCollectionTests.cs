using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage.Verdicts;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>
/// Collection by webhook (ADR 0012): GitHub's workflow_run / workflow_job deliveries (payloads from
/// ../shared/fixtures/github/webhooks), the run read from a loopback replay of the API built from the published examples.
/// </summary>
[TestClass]
public sealed class WebhookCollectionTests
{
    private const string WebhookSecret = "webhook-secret-collect-41";
    private const string GitHubToken = "ghs_collecttoken123";
    private static readonly PipelineKey Pipeline = new("github", GitHubHistoryReplay.Owner, GitHubHistoryReplay.Repo, GitHubHistoryReplay.WorkflowId.ToString(CultureInfo.InvariantCulture));
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task WorkflowRunCompleted_StoresScoresAndPostsTheStepsCommitStatus()
    {
        var (history, api) = await StartApiAsync();
        await using var _ = api;
        var store = new InMemoryStore();
        await SeedAsync(store, history, 12);
        await using var host = await StartAsync(store, api, postStatus: true);

        var watch = Stopwatch.StartNew();
        var (status, body) = await PostAsync(host, "workflow_run", RunPayload(history, 12), Guid.NewGuid().ToString());
        watch.Stop();
        var cold = watch.Elapsed;
        watch.Restart();
        var warm = await PostAsync(host, "workflow_run", RunPayload(history, 13), Guid.NewGuid().ToString());
        watch.Stop();
        TestContext.WriteLine($"webhook → stored and scored run: first {cold.TotalMilliseconds:0} ms, next {watch.Elapsed.TotalMilliseconds:0} ms (loopback, {api.Requests.Count / 2} API requests each)");
        Assert.AreEqual(HttpStatusCode.OK, warm.Status, warm.Body);

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual("collected", json.RootElement.GetProperty("review").GetString());
        var stored = await store.GetLastRunsAsync(Pipeline, 20, cancellationToken: TestContext.CancellationToken);
        Assert.HasCount(14, stored);
        var run = stored.Single(r => r.RunId == GitHubHistoryReplay.RunId(12).ToString(CultureInfo.InvariantCulture));
        Assert.HasCount(10, run.Jobs.Single().Steps);
        Assert.IsTrue((await new StoreVerdictLog(store).GetRecentAsync(Pipeline, 5)).All(v => v.Source == "github-webhook"));
        var statuses = api.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/statuses/", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, statuses, "one per collected run");
        Assert.AreEqual("pipewise/risk", JsonDocument.Parse(statuses[0].Body).RootElement.GetProperty("context").GetString());
        Assert.AreEqual("Bearer " + GitHubToken, statuses[0].Header("Authorization"));
        Assert.DoesNotContain(GitHubToken, body);
    }

    [TestMethod]
    public async Task WorkflowRunCompleted_WithOtlpEndpoint_ExportsTheCollectedRunAsATrace()
    {
        var (history, api) = await StartApiAsync();
        await using var apiServer = api;
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}"));
        collector.Map("POST", "/v1/metrics", new ReplayResponse(200, "{}"));
        var otlp = Pipewise.Telemetry.Otlp.OtlpSettings.From(n => n switch
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => collector.BaseUrl.ToString(),
            "OTEL_EXPORTER_OTLP_PROTOCOL" => "http/json",
            _ => null,
        });
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api, postStatus: false, otlp);

        var (status, body) = await PostAsync(host, "workflow_run", RunPayload(history, 4), Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        var deadline = Stopwatch.StartNew();
        while (collector.RequestsTo("POST", "/v1/traces").Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, TestContext.CancellationToken);
        }

        var trace = collector.RequestsTo("POST", "/v1/traces").Single();
        using var json = JsonDocument.Parse(trace.Body);
        var spans = json.RootElement.GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans").EnumerateArray().ToList();
        var root = spans.Single(s => !s.TryGetProperty("parentSpanId", out var parent));
        var attributes = root.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value"));
        Assert.AreEqual(GitHubHistoryReplay.RunId(4).ToString(CultureInfo.InvariantCulture), attributes["cicd.pipeline.run.id"].GetProperty("stringValue").GetString());
        Assert.IsTrue(attributes.ContainsKey("pipewise.verdict"), "the collected run's verdict is on its root span");
        Assert.IsGreaterThan(1, spans.Count, "jobs and steps come with the run");
    }

    [TestMethod]
    public async Task WorkflowRunCompleted_BadSignature_401AndNothingStored()
    {
        var (history, api) = await StartApiAsync();
        await using var _ = api;
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api, postStatus: true);

        var (status, _) = await PostAsync(host, "workflow_run", RunPayload(history, 3), Guid.NewGuid().ToString(), signature: "sha256=" + new string('0', 64));

        Assert.AreEqual(HttpStatusCode.Unauthorized, status);
        Assert.IsEmpty(await store.ListPipelinesAsync(TestContext.CancellationToken));
        Assert.IsEmpty(await store.ListDocumentsAsync("collect/", TestContext.CancellationToken));
        Assert.IsEmpty(api.Requests);
    }

    [TestMethod]
    public async Task WorkflowRunCompleted_SameDeliveryTwice_StoresOneRunAndPostsOneStatus()
    {
        var (history, api) = await StartApiAsync();
        await using var _ = api;
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api, postStatus: true);
        var payload = RunPayload(history, 4);
        var delivery = Guid.NewGuid().ToString();

        var first = await PostAsync(host, "workflow_run", payload, delivery);
        var second = await PostAsync(host, "workflow_run", payload, delivery);
        var other = await PostAsync(host, "workflow_run", payload, Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.OK, first.Status, first.Body);
        Assert.AreEqual(HttpStatusCode.OK, second.Status, second.Body);
        StringAssert.Contains(second.Body, "duplicate-delivery");
        StringAssert.Contains(other.Body, "already-stored", "another delivery of the same run attempt stores nothing either");
        Assert.HasCount(1, await store.GetLastRunsAsync(Pipeline, 10, cancellationToken: TestContext.CancellationToken));
        Assert.HasCount(1, api.Requests.Where(r => r.Method == "POST").ToList());
    }

    [TestMethod]
    public async Task WorkflowJobCompleted_CollectsItsRunUnderTheWorkflowsPipeline()
    {
        var (history, api) = await StartApiAsync();
        await using var _ = api;
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api, postStatus: false);
        var payload = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/webhooks/workflow_job.completed.success.with-organization.payload.json")))!.AsObject();
        payload["workflow_job"]!["run_id"] = GitHubHistoryReplay.RunId(7);
        payload["repository"]!["owner"]!["login"] = GitHubHistoryReplay.Owner;
        payload["repository"]!["name"] = GitHubHistoryReplay.Repo;

        var (status, body) = await PostAsync(host, "workflow_job", payload.ToJsonString(), Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        Assert.AreEqual("github/octo-org/octo-repo/159038", (await store.ListPipelinesAsync(TestContext.CancellationToken)).Single().ToString());
        Assert.IsEmpty(api.Requests.Where(r => r.Method == "POST").ToList(), "no status unless configured");
    }

    [TestMethod]
    public async Task WorkflowRunRequested_IsIgnoredWithoutAnyApiCall()
    {
        var (_, api) = await StartApiAsync();
        await using var __ = api;
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api, postStatus: true);
        var payload = File.ReadAllText(SharedFiles.Require("fixtures/github/webhooks/workflow_run.requested.payload.json"));

        var (status, body) = await PostAsync(host, "workflow_run", payload, Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.Accepted, status, body);
        Assert.IsEmpty(api.Requests);
        Assert.IsEmpty(await store.ListPipelinesAsync(TestContext.CancellationToken));
    }

    private static async Task<(GitHubHistoryReplay History, ReplayServer Api)> StartApiAsync()
    {
        var history = new GitHubHistoryReplay(20);
        var api = history.MapOn(await ReplayServer.StartAsync());
        api.Map("POST", $"/repos/{GitHubHistoryReplay.Owner}/{GitHubHistoryReplay.Repo}/statuses/{{sha}}", ReplayResponse.File(SharedFiles.Require("fixtures/github/rest/repos-create-commit-status.json"), 201));
        return (history, api);
    }

    private static async Task SeedAsync(IPipewiseStore store, GitHubHistoryReplay history, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var run = Core.Import.GitHubRunJson.ToRun(JsonDocument.Parse(history.Run(i, null).ToJsonString()).RootElement, "$");
            await store.AppendRunAsync(run);
        }
    }

    private static string RunPayload(GitHubHistoryReplay history, int index)
    {
        var payload = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/webhooks/workflow_run.completed.payload.json")))!.AsObject();
        payload["workflow_run"] = history.Run(index, null);
        payload["repository"]!["owner"]!["login"] = GitHubHistoryReplay.Owner;
        payload["repository"]!["name"] = GitHubHistoryReplay.Repo;
        return payload.ToJsonString();
    }

    private static Task<GateServiceHost> StartAsync(IPipewiseStore store, ReplayServer api, bool postStatus, Pipewise.Telemetry.Otlp.OtlpSettings? otlp = null)
    {
        var env = new Dictionary<string, string?>
        {
            [GateServiceOptions.WebhookSecretVariable] = WebhookSecret,
            [GateServiceOptions.GitHubTokenVariable] = GitHubToken,
            [GateServiceOptions.GitHubApiUrlVariable] = api.BaseUrl.ToString(),
            [GateServiceOptions.CollectPostStatusVariable] = postStatus ? "true" : null,
        };
        var options = GateServiceOptions.FromEnvironment(n => env.GetValueOrDefault(n), new GatePolicyOptions());
        return GateServiceHost.StartAsync(new GateServiceDependencies { Store = store, Forecaster = new FakeForecaster(0.2), Otlp = otlp }, options, "http://127.0.0.1:0");
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(GateServiceHost host, string eventName, string payload, string delivery, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/github/webhook")) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add(WebhookSignature.HeaderName, signature ?? WebhookSignature.Sign(bytes, WebhookSecret));
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
