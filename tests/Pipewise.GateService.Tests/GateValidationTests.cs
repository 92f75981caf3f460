using System.Net;
using System.Net.Http.Headers;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>Issue 17, defects 3 and 9: what the Azure DevOps gate answers for malformed requests and odd stores.</summary>
[TestClass]
public sealed class GateValidationTests
{
    private const string GateKey = "gate-key-valid-91";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<GateServiceHost> StartAsync(IPipewiseStore store) =>
        await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.GateKeyVariable ? GateKey : null, new GatePolicyOptions()),
            "http://127.0.0.1:0");

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(GateServiceHost host, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/azure-devops/gate")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GateServiceHost.GateKeyHeader, GateKey);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task AzureGate_InvalidUtf8Body_400SayingUtf8()
    {
        await using var host = await StartAsync(new InMemoryStore());
        byte[] body = [.. "{\"pipeline\":\"azure-devops/contoso/web/"u8, 0xC3, 0x28, .. "\"}"u8];

        var (status, text) = await PostAsync(host, body);

        Assert.AreEqual(HttpStatusCode.BadRequest, status, text);
        StringAssert.Contains(text, "not valid UTF-8");
    }

    [TestMethod]
    [DataRow("""{"organization":" ","project":"web","pipelineId":"42"}""", "'organization'")]
    [DataRow("""{"organization":"contoso","project":"\t","pipelineId":"42"}""", "'project'")]
    [DataRow("""{"organization":"contoso","project":"web","pipelineId":" 42"}""", "'pipelineId'")]
    [DataRow("""{"pipeline":"azure-devops/%20/web/42"}""", "'pipeline': the organisation")]
    [DataRow("""{"pipeline":"azure-devops/contoso/ /42"}""", "'pipeline': the project")]
    [DataRow("""{"pipeline":"azure-devops/contoso/web/42","runId":"  "}""", "'runId'")]
    [DataRow("""{"organization":"con\u0001toso","project":"web","pipelineId":"42"}""", "'organization'")]
    public async Task AzureGate_BlankOrJunkKeyPart_400NamingTheFieldAndNoMetricLabel(string body, string field)
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, new PipelineKey("azure-devops", "contoso", "web", "42"), 3);
        await using var host = await StartAsync(new FaultInjectingStore(store) { FailRunReads = true });

        var (status, text) = await PostAsync(host, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.AreEqual(HttpStatusCode.BadRequest, status, text);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        StringAssert.Contains(json.RootElement.GetProperty("error").GetString(), "Field " + field);
        Assert.IsFalse(text.Contains("\"allow\":true", StringComparison.Ordinal));
        var metrics = await Http.GetStringAsync(new Uri(host.BaseUrl, "metrics"));
        Assert.IsFalse(metrics.Contains("pipewise_gate_verdicts_total{", StringComparison.Ordinal), metrics);
        StringAssert.Contains(metrics, "pipewise_gate_requests_rejected_total{reason=\"bad-request\"} 1");
    }

    [TestMethod]
    public async Task AzureGate_StoreUrlAtANonAzureEndpoint_SaysSoNotGivenKey()
    {
        await using var notAzure = await ReplayServer.StartAsync();
        var store = StoreFactory.Open(new Uri(notAzure.BaseUrl, "devstoreaccount1/pipewise?sv=2020-01-01&sig=c2VjcmV0").ToString());
        await using var host = await StartAsync(store);

        // A 404 page, then a 200 web page: neither is Blob Storage's answer.
        var notFound = await PostAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}"""u8.ToArray());
        notAzure.Map("GET", "/*", ReplayResponse.Json("<html><body>It works!</body></html>"));
        var webPage = await PostAsync(host, """{"pipeline":"azure-devops/contoso/web/43"}"""u8.ToArray());

        foreach (var (status, text) in new[] { notFound, webPage })
        {
            Assert.AreEqual(HttpStatusCode.OK, status, text);
            Assert.IsFalse(text.Contains("given key", StringComparison.OrdinalIgnoreCase) || text.Contains("Object reference", StringComparison.Ordinal), text);
            StringAssert.Contains(text, "did not answer like Azure Blob Storage");
            Assert.IsFalse(text.Contains("c2VjcmV0", StringComparison.Ordinal), "the SAS signature never appears");
        }
    }
}
