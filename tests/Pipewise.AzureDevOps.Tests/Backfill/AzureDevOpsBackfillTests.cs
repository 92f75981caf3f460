using System.Net;
using Pipewise.AzureDevOps.Backfill;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests.Backfill;

/// <summary>The API backfill against a loopback replay of a project's builds generated from the published examples.</summary>
[TestClass]
public sealed class AzureDevOpsBackfillTests
{
    private const int Builds = 250; // 3 pages of 100
    private static readonly PipelineKey Pipeline = new("azure-devops", "fabrikam", "Fabrikam-Fiber-Git", "25");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Backfill_ThreePagesByContinuationToken_StoresEveryBuildWithJobsStepsTestsAndRetries()
    {
        var history = new AzureDevOpsHistoryReplay(Builds);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();

        var summary = await ImportAsync(server, store);
        TestContext.WriteLine($"backfill: {summary.Rows} builds in {summary.Elapsed.TotalSeconds:0.00} s = {summary.Rows / summary.Elapsed.TotalSeconds:0} runs/s, {server.Requests.Count} requests = {(double)server.Requests.Count / summary.Rows:0.00} per run (loopback replay)");

        Assert.AreEqual(Builds, summary.Imported);
        var stored = await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken);
        Assert.HasCount(Builds, stored);
        CollectionAssert.AreEquivalent(new[] { Pipeline }, (await store.ListPipelinesAsync(TestContext.CancellationToken)).ToArray(), "the key the in-job collector uses");
        Assert.IsTrue(stored.All(r => r.Jobs.Single().Steps.Count == 3 && r.Tests?.Total == 40 && r.Result == RunResult.Succeeded));
        Assert.AreEqual(2, stored.Single(r => r.RunId == history.RetriedId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Attempt, "a retried job's attempt");
        var lists = server.Requests.Where(r => r.Path.EndsWith("/build/builds", StringComparison.Ordinal)).ToList();
        Assert.HasCount(3, lists);
        Assert.AreEqual("skip100", Fixtures.QueryOf(lists[1])["continuationToken"]);
        Assert.AreEqual("completed", Fixtures.QueryOf(lists[0])["statusFilter"]);
        Assert.IsFalse(server.Requests.Any(r => r.Path.EndsWith("/results", StringComparison.Ordinal)), "test totals come from the test runs list");
        Assert.AreEqual(3 + (2 * Builds), server.Requests.Count, "per build: its timeline and its test runs");
    }

    [TestMethod]
    public async Task Backfill_Twice_StoresNothingTwiceAndReadsOnlyTheListPages()
    {
        var history = new AzureDevOpsHistoryReplay(Builds);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();
        await ImportAsync(server, store);
        var before = server.Requests.Count;

        var second = await ImportAsync(server, store);

        Assert.AreEqual(0, second.Imported);
        Assert.AreEqual(0, second.Rows, "stored builds are skipped, the retried one too (stored as attempt 2)");
        Assert.AreEqual(3, server.Requests.Count - before);
        Assert.HasCount(Builds, await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Backfill_InterruptedThenRunAgain_Completes()
    {
        var history = new AzureDevOpsHistoryReplay(Builds);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        history.Intercept = r => r.Query.Contains("skip200", StringComparison.Ordinal) ? new ReplayResponse(404, """{"message":"gone"}""") : null;
        var store = new InMemoryStore();

        var failed = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => ImportAsync(server, store));
        Assert.AreEqual(200, failed.Partial.Imported, "what was read before the failure is stored");
        history.Intercept = null;
        var resumed = await ImportAsync(server, store);

        Assert.AreEqual(50, resumed.Imported);
        Assert.HasCount(Builds, await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Backfill_401_StopsWithAClearMessageThatNeverHoldsTheToken()
    {
        var history = new AzureDevOpsHistoryReplay(Builds) { Intercept = _ => new ReplayResponse(401, """{"message":"TF400813: not authorized"}""") };
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();

        var failed = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => ImportAsync(server, store));

        var refused = (AzureDevOpsApiException)failed.InnerException!;
        Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode);
        StringAssert.Contains(refused.Message, "401");
        Assert.DoesNotContain(Fixtures.Token, refused.Message);
        Assert.IsEmpty(await store.ListPipelinesAsync(TestContext.CancellationToken));
    }

    private async Task<ImportSummary> ImportAsync(ReplayServer server, IPipewiseStore store)
    {
        using var factory = new AzureDevOpsClientFactory(Fixtures.FastRetries with { MaxRetries = 0 });
        var client = factory.Create(new AzureDevOpsConnection(new Uri(server.BaseUrl, "fabrikam/"), AzureDevOpsCredential.Detect(Fixtures.Token)));
        var backfill = new AzureDevOpsBackfill(client, store, "fabrikam", new AzureDevOpsBackfillOptions { Project = "Fabrikam-Fiber-Git" });
        return await new RunImporter(store).ImportAsync(backfill.RunsAsync(TestContext.CancellationToken), TestContext.CancellationToken);
    }
}
