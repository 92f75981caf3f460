using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>
/// Collection by Azure DevOps service hook (ADR 0012): Microsoft's sample build.complete payload
/// (../shared/fixtures/azure-devops/webhooks), the build read from a loopback replay of the published REST examples.
/// </summary>
[TestClass]
public sealed class ServiceHookCollectionTests
{
    private const string HookSecret = "hook-secret-5d2e";
    private const string Pat = "azdopat0123456789secretvalue";
    private const string ProjectId = "be9b3917-87e6-42a4-a549-2bc06a7a878f";
    private static readonly PipelineKey Pipeline = new("azure-devops", "fabrikam", "Fabrikam-Fiber-Git", "25");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task BuildComplete_StoresTheBuildWithJobsAndTestsAndScoresIt()
    {
        await using var api = await StartApiAsync();
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api);

        var (status, body) = await PostAsync(host, Payload(Guid.NewGuid().ToString()), HookSecret);

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        StringAssert.Contains(body, "\"collected\"");
        var run = (await store.GetLastRunsAsync(Pipeline, 5, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual("391", run.RunId);
        Assert.HasCount(3, run.Jobs.Single().Steps);
        Assert.AreEqual(40, run.Tests!.Total);
        Assert.IsTrue(api.Requests.All(r => r.Header("Authorization")!.StartsWith("Basic ", StringComparison.Ordinal)));
        Assert.IsTrue(api.Requests.All(r => r.Path.StartsWith($"/fabrikam/{ProjectId}/_apis/", StringComparison.Ordinal)), "the configured organization, never a URL from the payload");
        Assert.DoesNotContain(Pat, body);
    }

    [TestMethod]
    public async Task BuildComplete_WrongPassword_401AndNothingStored()
    {
        await using var api = await StartApiAsync();
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api);

        var (status, _) = await PostAsync(host, Payload(Guid.NewGuid().ToString()), "not-the-secret");

        Assert.AreEqual(HttpStatusCode.Unauthorized, status);
        Assert.IsEmpty(await store.ListPipelinesAsync(TestContext.CancellationToken));
        Assert.IsEmpty(api.Requests);
    }

    [TestMethod]
    public async Task BuildComplete_SameNotificationTwice_StoresOneRun()
    {
        await using var api = await StartApiAsync();
        var store = new InMemoryStore();
        await using var host = await StartAsync(store, api);
        var payload = Payload(Guid.NewGuid().ToString());

        var first = await PostAsync(host, payload, HookSecret);
        var again = await PostAsync(host, payload, HookSecret);
        var other = await PostAsync(host, Payload(Guid.NewGuid().ToString()), HookSecret);

        Assert.AreEqual(HttpStatusCode.OK, first.Status, first.Body);
        StringAssert.Contains(again.Body, "duplicate-delivery");
        StringAssert.Contains(other.Body, "already-stored");
        Assert.HasCount(1, await store.GetLastRunsAsync(Pipeline, 5, cancellationToken: TestContext.CancellationToken));
    }

    private static string Payload(string notificationId)
    {
        var payload = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/azure-devops/webhooks/build.complete.payload.json")))!.AsObject();
        payload["id"] = notificationId;
        payload["resource"]!["id"] = 391; // the build the REST examples describe
        return payload.ToJsonString();
    }

    private static async Task<ReplayServer> StartApiAsync()
    {
        var rest = SharedFiles.Require("fixtures/azure-devops/rest");
        string Body(string name)
        {
            var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(rest, name)))!;
            return doc["responses"]!["200"]!["body"]!.ToJsonString();
        }

        var api = await ReplayServer.StartAsync();
        var p = $"/fabrikam/{ProjectId}/_apis/";
        api.Map("GET", p + "build/builds/391", ReplayResponse.Json(Body("build-builds-get.json")));
        api.Map("GET", p + "build/builds/391/timeline", ReplayResponse.Json(Body("build-timeline-get.json")));
        api.Map("GET", p + "test/runs", ReplayResponse.Json(Body("test-runs-list-include-run-details.json")));
        return api;
    }

    private static Task<GateServiceHost> StartAsync(IPipewiseStore store, ReplayServer api)
    {
        var env = new Dictionary<string, string?>
        {
            [GateServiceOptions.AzureDevOpsHookSecretVariable] = HookSecret,
            [GateServiceOptions.AzureDevOpsOrganizationUrlVariable] = new Uri(api.BaseUrl, "fabrikam/").ToString(),
            [GateServiceOptions.AzureDevOpsTokenVariable] = Pat,
        };
        var options = GateServiceOptions.FromEnvironment(n => env.GetValueOrDefault(n), new GatePolicyOptions());
        return GateServiceHost.StartAsync(new GateServiceDependencies { Store = store, Forecaster = new FakeForecaster(0.2) }, options, "http://127.0.0.1:0");
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(GateServiceHost host, string payload, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/azure-devops/collect"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("pipewise:" + password)));
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
