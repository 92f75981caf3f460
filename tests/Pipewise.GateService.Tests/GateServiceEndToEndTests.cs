using Pipewise.Storage.Verdicts;
using Pipewise.Core.Storage;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed partial class GateServiceEndToEndTests
{
    private const string GateKey = "gate-key-0f3a9c";
    private const string WebhookSecret = "webhook-secret-7b21";
    private const string GitHubToken = "ghs_testtoken123";
    private static readonly PipelineKey Azure = new("azure-devops", "contoso", "web", "42");
    private static readonly PipelineKey GitHub = new("github", "octo-org", "shop", "deploy.yml");

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static GateServiceOptions Options(GatePolicyOptions policy, Uri? api = null)
    {
        var env = new Dictionary<string, string?>
        {
            [GateServiceOptions.GateKeyVariable] = GateKey,
            [GateServiceOptions.WebhookSecretVariable] = WebhookSecret,
            [GateServiceOptions.GitHubTokenVariable] = GitHubToken,
            [GateServiceOptions.GitHubApiUrlVariable] = api?.ToString(),
        };
        return GateServiceOptions.FromEnvironment(n => env.GetValueOrDefault(n), policy);
    }

    private static Task<GateServiceHost> StartAsync(IPipewiseStore store, FakeForecaster? forecaster, GateServiceOptions options) =>
        GateServiceHost.StartAsync(new GateServiceDependencies { Store = store, Forecaster = forecaster }, options, "http://127.0.0.1:0");

    private static async Task<(HttpStatusCode Status, string Body)> PostAzureAsync(GateServiceHost host, string body, string? key = GateKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/azure-devops/gate"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add(GateServiceHost.GateKeyHeader, key);
        }

        // Like a well-behaved client with a large body: wait for the server's go-ahead, so a 413 answered before the
        // body is read arrives as a response instead of a broken pipe while the body is still being sent.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task AzureDevOpsGate_HighRiskInEnforce_AnswersFailWithReasonsAndListensOnLoopback()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 12, lastFailedTests: 2);
        await using var host = await StartAsync(store, new FakeForecaster(0.86), Options(new GatePolicyOptions { Mode = GateMode.Enforce }));

        var (status, body) = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42","runId":"1012"}""");

        Assert.AreEqual("127.0.0.1", host.BaseUrl.Host);
        Assert.AreEqual(HttpStatusCode.OK, status, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.AreEqual("fail", root.GetProperty("verdict").GetString());
        Assert.IsFalse(root.GetProperty("allow").GetBoolean());
        Assert.AreEqual("enforce", root.GetProperty("mode").GetString());
        Assert.AreEqual("1012", root.GetProperty("runId").GetString());
        Assert.AreEqual("bilstm@test.1", root.GetProperty("modelVersion").GetString());
        Assert.AreEqual(0.86, root.GetProperty("failureProbability").GetDouble(), 1e-9);
        var reasons = root.GetProperty("reasons").EnumerateArray().ToList();
        Assert.IsTrue(reasons.Any(r => r.GetProperty("code").GetString() == "failed-tests" && r.GetProperty("measured").GetDouble() == 2 && r.GetProperty("threshold").GetDouble() == 0));
        Assert.IsTrue(reasons.Any(r => r.GetProperty("message").GetString()!.Contains("failure probability 0.86 ≥ fail threshold 0.80", StringComparison.Ordinal)));
        Assert.AreEqual("log_duration_lag1", root.GetProperty("topFeatures")[0].GetProperty("feature").GetString());
        Assert.IsFalse(body.Contains(GateKey, StringComparison.Ordinal), "the key never appears in a response");

        var verdicts = await new StoreVerdictLog(store).GetRecentAsync(Azure, 10);
        Assert.AreEqual(Verdict.Fail, verdicts.Single().Verdict);
        Assert.AreEqual("azure-devops-gate", verdicts.Single().Source);
    }

    [TestMethod]
    public async Task AzureDevOpsGate_LowRiskByFields_PassesAndAllows()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 6);
        await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions { Mode = GateMode.Enforce }));

        var (status, body) = await PostAzureAsync(host, """{"organization":"contoso","project":"web","pipelineId":"42"}""");

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual("pass", json.RootElement.GetProperty("verdict").GetString());
        Assert.IsTrue(json.RootElement.GetProperty("allow").GetBoolean());
        Assert.AreEqual("1006", json.RootElement.GetProperty("runId").GetString(), "no run id scores the latest stored run");
    }

    [TestMethod]
    public async Task AzureDevOpsGate_DryRunAndAdvise_AllowButReportWhatEnforceWouldDo()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 6);
        await using var dryRun = await StartAsync(store, new FakeForecaster(0.95), Options(new GatePolicyOptions { Mode = GateMode.DryRun }));

        var (status, body) = await PostAzureAsync(dryRun, """{"pipeline":"azure-devops/contoso/web/42"}""");

        Assert.AreEqual(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual("fail", json.RootElement.GetProperty("verdict").GetString());
        Assert.IsTrue(json.RootElement.GetProperty("allow").GetBoolean());
        Assert.IsTrue(json.RootElement.GetProperty("wouldBlockInEnforce").GetBoolean());
        StringAssert.Contains(json.RootElement.GetProperty("outcome").GetString(), "enforce mode would have blocked");
    }

    [TestMethod]
    public async Task AzureDevOpsGate_SlowScoring_BoundedByTheRequestTimeout()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 6);
        var options = Options(new GatePolicyOptions()) with { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        await using var host = await StartAsync(store, new FakeForecaster(0.1) { Delay = TimeSpan.FromSeconds(20) }, options);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (status, _) = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}""");

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, status);
        Assert.IsLessThan(10, watch.Elapsed.TotalSeconds, "the request must end at its time limit, not when scoring ends");
    }

    [TestMethod]
    public async Task AzureDevOpsGate_BadRequests_ClearFourHundreds()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 3);
        await using var host = await StartAsync(store, null, Options(new GatePolicyOptions()));

        var noKey = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}""", key: null);
        var wrongKey = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}""", key: GateKey + "x");
        var badJson = await PostAzureAsync(host, """{"pipeline": """);
        var badKey = await PostAzureAsync(host, """{"pipeline":"contoso/web"}""");
        var unknown = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/999"}""");
        var huge = await PostAzureAsync(host, "{\"pipeline\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");

        Assert.AreEqual(HttpStatusCode.Unauthorized, noKey.Status);
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrongKey.Status);
        Assert.AreEqual(HttpStatusCode.BadRequest, badJson.Status);
        StringAssert.Contains(badJson.Body, "not valid JSON");
        Assert.AreEqual(HttpStatusCode.BadRequest, badKey.Status);
        StringAssert.Contains(badKey.Body, "provider/org/repo/pipeline");
        Assert.AreEqual(HttpStatusCode.OK, unknown.Status, "an unknown pipeline gets the policy's no-history answer, like pipewise gate");
        StringAssert.Contains(unknown.Body, "azure-devops/contoso/web/999");
        StringAssert.Contains(unknown.Body, "no stored runs of this pipeline");
        Assert.AreEqual("pass", JsonDocument.Parse(unknown.Body).RootElement.GetProperty("verdict").GetString(), "fail-open is a pass with the pipewise-error reason");
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        foreach (var r in new[] { noKey, wrongKey, badJson, badKey, unknown })
        {
            Assert.IsFalse(r.Body.Contains(GateKey, StringComparison.Ordinal));
        }
    }

    [TestMethod]
    public async Task AzureDevOpsGate_NoModelAndStoreOutage_VerdictFromTestsAndFailOpen()
    {
        var store = new FaultInjectingStore();
        await Runs.SeedAsync(store, Azure, 4);
        await using var host = await StartAsync(store, null, Options(new GatePolicyOptions { Mode = GateMode.Enforce }));

        var noModel = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}""");
        store.FailRunReads = true;
        await Task.Delay(10);
        var outage = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/41"}""");

        StringAssert.Contains(noModel.Body, "\"verdict\":\"pass\"");
        StringAssert.Contains(noModel.Body, "no forecasting model is available");
        Assert.AreEqual(HttpStatusCode.OK, outage.Status, outage.Body);
        StringAssert.Contains(outage.Body, "\"verdict\":\"pass\"");
        StringAssert.Contains(outage.Body, "\"code\":\"pipewise-error\"");
        StringAssert.Contains(outage.Body, "\"allow\":true");
        StringAssert.Contains(outage.Body, "failing open");
    }

    private static string ProtectionRulePayload(long runId, string environment = "production", string owner = "octo-org", string repo = "shop") => $$"""
        {
          "action": "requested",
          "environment": "{{environment}}",
          "event": "push",
          "ref": "refs/heads/main",
          "sha": "5275a45b7e99c7fd7265b790392c10a74101a67a",
          "deployment_callback_url": "https://api.github.com/repos/{{owner}}/{{repo}}/actions/runs/{{runId}}/deployment_protection_rule",
          "deployment": null,
          "pull_requests": [],
          "repository": { "id": 1, "name": "{{repo}}", "full_name": "{{owner}}/{{repo}}", "owner": { "login": "{{owner}}", "id": 9 } },
          "installation": { "id": 35490125, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMzU0OTAxMjU=" },
          "sender": { "login": "octocat", "id": 1 }
        }
        """;

    private static async Task<(HttpStatusCode Status, string Body)> PostWebhookAsync(GateServiceHost host, byte[] body, string? signature, string delivery, string eventName = "deployment_protection_rule")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/github/webhook")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.HeaderName, signature);
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task GitHubWebhook_SignedProtectionRule_ScoresAndPostsTheReviewToGitHub()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        var runs = await Runs.SeedAsync(store, GitHub, 10, lastFailedTests: 0);
        await using var host = await StartAsync(store, new FakeForecaster(0.92), Options(new GatePolicyOptions { Mode = GateMode.Enforce }, github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(long.Parse(runs[^1].RunId, CultureInfo.InvariantCulture)));

        var (status, response) = await PostWebhookAsync(host, body, WebhookSignature.Sign(body, WebhookSecret), Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.OK, status, response);
        StringAssert.Contains(response, "\"review\":\"rejected\"");
        var review = github.Requests.Single();
        Assert.AreEqual("POST", review.Method);
        Assert.AreEqual("/repos/octo-org/shop/actions/runs/1010/deployment_protection_rule", review.Path);
        Assert.AreEqual("Bearer " + GitHubToken, review.Header("Authorization"));
        Assert.AreEqual("application/vnd.github+json", review.Header("Accept"));
        using var json = JsonDocument.Parse(review.Body);
        Assert.AreEqual("production", json.RootElement.GetProperty("environment_name").GetString());
        Assert.AreEqual("rejected", json.RootElement.GetProperty("state").GetString());
        var comment = json.RootElement.GetProperty("comment").GetString()!;
        StringAssert.Contains(comment, "failure probability 0.92 ≥ fail threshold 0.80");
        StringAssert.Contains(comment, "bilstm@test.1");
        Assert.IsLessThanOrEqualTo(1024, comment.Length);
        Assert.IsFalse(response.Contains(GitHubToken, StringComparison.Ordinal) || response.Contains(WebhookSecret, StringComparison.Ordinal));

        var metrics = await Http.GetStringAsync(new Uri(host.BaseUrl, "metrics"));
        StringAssert.Contains(metrics, "pipewise_gate_verdicts_total{pipeline=\"github/octo-org/shop/deploy.yml\",result=\"fail\",source=\"github-protection-rule\"} 1");
        StringAssert.Contains(metrics, "pipewise_model_info{pipeline=\"github/octo-org/shop/deploy.yml\",version=\"bilstm@test.1\"} 1");
        StringAssert.Contains(metrics, "pipewise_gate_scoring_seconds_count{} 1");
    }

    [TestMethod]
    public async Task GitHubWebhook_LowRisk_ApprovesWithReasons()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 8);
        await using var host = await StartAsync(store, new FakeForecaster(0.05), Options(new GatePolicyOptions { Mode = GateMode.Enforce }, github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1008, environment: "staging"));

        var (status, _) = await PostWebhookAsync(host, body, WebhookSignature.Sign(body, WebhookSecret), Guid.NewGuid().ToString());

        Assert.AreEqual(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(github.Requests.Single().Body);
        Assert.AreEqual("approved", json.RootElement.GetProperty("state").GetString());
        Assert.AreEqual("staging", json.RootElement.GetProperty("environment_name").GetString());
        StringAssert.Contains(json.RootElement.GetProperty("comment").GetString(), "failure probability 0.05 < warn threshold 0.50");
    }

    [TestMethod]
    public async Task GitHubWebhook_BadSignatures_401AndNoCallback()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 5);
        await using var host = await StartAsync(store, new FakeForecaster(0.5), Options(new GatePolicyOptions(), github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1005));
        var signature = WebhookSignature.Sign(body, WebhookSecret);
        var changed = (byte[])body.Clone();
        changed[20] ^= 0x20;

        var missing = await PostWebhookAsync(host, body, null, "d1");
        var wrongByte = await PostWebhookAsync(host, changed, signature, "d2");
        var otherSecret = await PostWebhookAsync(host, body, WebhookSignature.Sign(body, "not-the-secret"), "d3");

        Assert.AreEqual(HttpStatusCode.Unauthorized, missing.Status);
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrongByte.Status);
        Assert.AreEqual(HttpStatusCode.Unauthorized, otherSecret.Status);
        Assert.IsEmpty(github.Requests, "nothing is called back for an unsigned delivery");
        StringAssert.Contains(await Http.GetStringAsync(new Uri(host.BaseUrl, "metrics")), "pipewise_gate_requests_rejected_total{reason=\"unauthorized\"} 3");
    }

    [TestMethod]
    public async Task GitHubWebhook_ReplaysBadJsonAndUnknownRepo_ClearFourHundreds()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 5);
        await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions(), github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1005));
        var sig = WebhookSignature.Sign(body, WebhookSecret);

        var first = await PostWebhookAsync(host, body, sig, "delivery-1");
        var sameDelivery = await PostWebhookAsync(host, body, sig, "delivery-1");
        var sameRun = await PostWebhookAsync(host, body, sig, "delivery-2");
        var bad = Encoding.UTF8.GetBytes("{\"action\":\"requested\",");
        var badJson = await PostWebhookAsync(host, bad, WebhookSignature.Sign(bad, WebhookSecret), "delivery-3");
        var unknownBody = Encoding.UTF8.GetBytes(ProtectionRulePayload(77, owner: "someone", repo: "else"));
        var unknown = await PostWebhookAsync(host, unknownBody, WebhookSignature.Sign(unknownBody, WebhookSecret), "delivery-4");
        var ping = await PostWebhookAsync(host, body, sig, "delivery-5", eventName: "ping");

        Assert.AreEqual(HttpStatusCode.OK, first.Status, first.Body);
        Assert.AreEqual(HttpStatusCode.Conflict, sameDelivery.Status);
        StringAssert.Contains(sameDelivery.Body, "already processed");
        Assert.AreEqual(HttpStatusCode.Conflict, sameRun.Status);
        StringAssert.Contains(sameRun.Body, "already reviewed");
        Assert.AreEqual(HttpStatusCode.BadRequest, badJson.Status);
        Assert.AreEqual(HttpStatusCode.OK, unknown.Status, unknown.Body);
        StringAssert.Contains(unknown.Body, "approved (fail-open)");
        Assert.AreEqual(HttpStatusCode.OK, ping.Status);
        Assert.HasCount(2, github.Requests, "one review for the first delivery, one fail-open review for the unknown repository");
        Assert.AreEqual("/repos/someone/else/actions/runs/77/deployment_protection_rule", github.Requests[1].Path);
    }

    [TestMethod]
    public async Task GitHubWebhook_GitHubRefuses_502WithGitHubsMessageAndRetryAllowed()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", ReplayResponse.Json("""{"message":"Resource not accessible by integration"}""", 403));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 5);
        await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions(), github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1005));
        var sig = WebhookSignature.Sign(body, WebhookSecret);

        var refused = await PostWebhookAsync(host, body, sig, "r-1");
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var redelivered = await PostWebhookAsync(host, body, sig, "r-1");

        Assert.AreEqual(HttpStatusCode.BadGateway, refused.Status);
        StringAssert.Contains(refused.Body, "Resource not accessible by integration");
        Assert.IsFalse(refused.Body.Contains(GitHubToken, StringComparison.Ordinal));
        Assert.AreEqual(HttpStatusCode.OK, redelivered.Status, "a failed review is not remembered as done");
    }

    [TestMethod]
    public async Task GitHubWebhook_StoreDown_FailsOpenWithAnApprovedReviewSayingWhy()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new FaultInjectingStore { FailRunReads = true };
        await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions { Mode = GateMode.Enforce }, github.BaseUrl));
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1005));

        var (status, response) = await PostWebhookAsync(host, body, WebhookSignature.Sign(body, WebhookSecret), "s-1");

        Assert.AreEqual(HttpStatusCode.OK, status, "the policy's fail-open answer, like every endpoint (ADR 0011)");
        StringAssert.Contains(response, "approved (fail-open)");
        using var json = JsonDocument.Parse(github.Requests.Single().Body);
        Assert.AreEqual("approved", json.RootElement.GetProperty("state").GetString());
        StringAssert.Contains(json.RootElement.GetProperty("comment").GetString(), "could not read its store");
    }

    [TestMethod]
    public async Task Healthz_AndOptions_NeverExposeSecrets()
    {
        var store = new InMemoryStore();
        var options = Options(new GatePolicyOptions());
        await using var host = await StartAsync(store, null, options);

        var health = await Http.GetStringAsync(new Uri(host.BaseUrl, "healthz"));

        StringAssert.Contains(health, "\"status\":\"ok\"");
        Assert.IsFalse(options.ToString().Contains(GateKey, StringComparison.Ordinal) || options.ToString().Contains(WebhookSecret, StringComparison.Ordinal) || options.ToString().Contains(GitHubToken, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task GitHubWebhook_AsGitHubApp_GetsAnInstallationTokenOnceAndReviewsWithIt()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/app/installations/35490125/access_tokens", ReplayResponse.Json("""{"token":"ghs_installation_abc","expires_at":"2099-01-01T00:00:00Z"}""", 201));
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 6);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var env = new Dictionary<string, string?>
        {
            [GateServiceOptions.WebhookSecretVariable] = WebhookSecret,
            [GateServiceOptions.GitHubAppIdVariable] = "4242",
            [GateServiceOptions.GitHubAppPrivateKeyVariable] = rsa.ExportPkcs8PrivateKeyPem(),
            [GateServiceOptions.GitHubApiUrlVariable] = github.BaseUrl.ToString(),
        };
        await using var host = await StartAsync(store, new FakeForecaster(0.1), GateServiceOptions.FromEnvironment(n => env.GetValueOrDefault(n)));
        var first = Encoding.UTF8.GetBytes(ProtectionRulePayload(1006, environment: "production"));
        var second = Encoding.UTF8.GetBytes(ProtectionRulePayload(1006, environment: "staging"));

        var a = await PostWebhookAsync(host, first, WebhookSignature.Sign(first, WebhookSecret), "app-1");
        var b = await PostWebhookAsync(host, second, WebhookSignature.Sign(second, WebhookSecret), "app-2");

        Assert.AreEqual(HttpStatusCode.OK, a.Status, a.Body);
        Assert.AreEqual(HttpStatusCode.OK, b.Status, b.Body);
        var tokenRequest = github.RequestsTo("POST", "/app/installations/35490125/access_tokens").Single();
        var jwt = tokenRequest.Header("Authorization")!["Bearer ".Length..].Split('.');
        Assert.IsTrue(rsa.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Convert.FromBase64String(jwt[2].Replace('-', '+').Replace('_', '/') + new string('=', (4 - (jwt[2].Length % 4)) % 4)), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
        var reviews = github.RequestsTo("POST", "/repos/octo-org/shop/actions/runs/1006/deployment_protection_rule");
        Assert.HasCount(2, reviews);
        Assert.IsTrue(reviews.All(r => r.Header("Authorization") == "Bearer ghs_installation_abc"));
    }
}
