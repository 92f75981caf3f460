using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>With the store hung, every endpoint still answers within its timeout with the policy's fail-open answer.</summary>
public sealed partial class GateServiceEndToEndTests
{
    [TestMethod]
    public async Task AzureDevOpsGate_StoreHangs_AnswersFailOpenWithinTheRequestTimeout()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 6);
        var options = Options(new GatePolicyOptions()) with { RequestTimeout = TimeSpan.FromSeconds(2) };
        await using var host = await StartAsync(new HangingStore(store), new FakeForecaster(0.1), options);
        var watch = Stopwatch.StartNew();

        var (status, body) = await PostAzureAsync(host, """{"pipeline":"azure-devops/contoso/web/42"}""");

        Assert.AreEqual(HttpStatusCode.OK, status, body);
        Assert.IsLessThan(options.RequestTimeout.TotalSeconds + 5, watch.Elapsed.TotalSeconds, "answered at the store budget, not when the store wakes up");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual("pass", json.GetProperty("verdict").GetString(), body);
        Assert.AreEqual("pipewise-error", json.GetProperty("reasons")[0].GetProperty("code").GetString(), body);
        StringAssert.Contains(body, "within its budget of 1.2 s");
        StringAssert.Contains(body, "failing open");
    }

    [TestMethod]
    public async Task GitHubWebhook_StoreHangs_SendsFailOpenApprovalWithinTheRequestTimeout()
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, GitHub, 5);
        var options = Options(new GatePolicyOptions(), github.BaseUrl) with { RequestTimeout = TimeSpan.FromSeconds(3) };
        await using var host = await StartAsync(new HangingStore(store), new FakeForecaster(0.1), options);
        var body = Encoding.UTF8.GetBytes(ProtectionRulePayload(1005));
        var watch = Stopwatch.StartNew();

        var (status, response) = await PostWebhookAsync(host, body, WebhookSignature.Sign(body, WebhookSecret), "hung-1");

        Assert.AreEqual(HttpStatusCode.OK, status, response);
        Assert.IsLessThan(options.RequestTimeout.TotalSeconds + 5, watch.Elapsed.TotalSeconds);
        StringAssert.Contains(response, "Pipewise could not read its store");
        var review = github.Requests.Single();
        StringAssert.Contains(review.Body, "\"state\":\"approved\"", "the deployment is approved (fail-open), not left waiting");
    }

    /// <summary>A store whose run log never answers (a hung connection): calls wait until they are cancelled.</summary>
    private sealed class HangingStore(InMemoryStore inner) : IPipewiseStore
    {
        public string Description => "hanging store";

        public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Hang<bool>(cancellationToken);

        public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) => Hang<IReadOnlyList<RunRecord>>(cancellationToken);

        public IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, CancellationToken cancellationToken = default) => inner.ReadAllRunsAsync(pipeline, report, cancellationToken);

        public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Hang<bool>(cancellationToken);

        public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) => Hang<IReadOnlyList<PipelineKey>>(cancellationToken);

        public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) => Hang<StoredDocument?>(cancellationToken);

        public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);

        public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) => Hang<bool>(cancellationToken);

        public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) => Hang<IReadOnlyList<string>>(cancellationToken);

        public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Hang<bool>(cancellationToken);

        public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) => Hang<byte[]?>(cancellationToken);

        public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => Hang<IReadOnlyList<string>>(cancellationToken);

        public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => Hang<StoredDocument?>(cancellationToken);

        public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);

        private static async Task<T> Hang<T>(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
