using System.Net;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;
using Pipewise.Storage;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService.Tests;

/// <summary>The service's background maintenance (ADR 0015): verdict compaction and replay-document expiry.</summary>
public sealed partial class GateServiceEndToEndTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Maintenance_AfterGateRequests_CompactsTheirVerdictsAndSweepsExpiredReplays()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-maintenance-").FullName;
        try
        {
            var store = new LocalFolderStore(folder);
            await Runs.SeedAsync(store, Azure, 6);
            var now = DateTimeOffset.UtcNow;
            await store.PutDocumentAsync("gate/replays/old.json", ReplayMark.Serialize(now - TimeSpan.FromDays(8)), null);
            await store.PutDocumentAsync("gate/replays/recent.json", ReplayMark.Serialize(now - TimeSpan.FromDays(2)), null);
            await store.PutDocumentAsync("gate/replays/earlier-version.json", Encoding.UTF8.GetBytes("{\"seen\":true}"), null);
            await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions()) with { MaintenanceInterval = TimeSpan.Zero });
            for (var run = 1; run <= 5; run++)
            {
                var (status, body) = await PostAzureAsync(host, $$"""{"pipeline":"azure-devops/contoso/web/42","runId":"{{2000 + run}}"}""");
                Assert.AreEqual(HttpStatusCode.OK, status, body);
            }

            var entries = StoreVerdictLog.EntriesPrefixOf(Azure);
            var listed = await store.ListDocumentsAsync(entries);
            Assert.HasCount(5, listed, "one document per verdict before compaction: " + string.Join(", ", listed));

            var (compacted, expired) = await host.Maintenance.RunOnceAsync(sweep: false, TestContext.CancellationToken);

            Assert.AreEqual(5, compacted.Folded);
            Assert.AreEqual(0, expired, "replays are swept only with the whole store");
            Assert.IsEmpty(await store.ListDocumentsAsync(entries));
            var verdicts = await StoreVerdictLog.Create(store).GetRecentAsync(Azure, 10);
            CollectionAssert.AreEqual(new[] { "2001", "2002", "2003", "2004", "2005" }, verdicts.Select(v => v.RunId).ToArray());

            (_, expired) = await host.Maintenance.RunOnceAsync(sweep: true, TestContext.CancellationToken);

            Assert.AreEqual(2, expired);
            CollectionAssert.AreEqual(new[] { "gate/replays/recent.json" }, (await store.ListDocumentsAsync(ReplayGuard.Folder)).ToArray(), "kept within the 7-day retention; an earlier version's document has no time and goes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task Maintenance_InTheBackground_CompactsWithoutBeingAsked()
    {
        var store = new InMemoryStore();
        await Runs.SeedAsync(store, Azure, 6);
        await using var host = await StartAsync(store, new FakeForecaster(0.1), Options(new GatePolicyOptions()) with { MaintenanceInterval = TimeSpan.FromMilliseconds(200) });
        for (var run = 1; run <= 3; run++)
        {
            var (status, body) = await PostAzureAsync(host, $$"""{"pipeline":"azure-devops/contoso/web/42","runId":"{{3000 + run}}"}""");
            Assert.AreEqual(HttpStatusCode.OK, status, body);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await store.ListDocumentsAsync(StoreVerdictLog.EntriesPrefixOf(Azure), TestContext.CancellationToken)).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, TestContext.CancellationToken);
        }

        Assert.IsEmpty(await store.ListDocumentsAsync(StoreVerdictLog.EntriesPrefixOf(Azure), TestContext.CancellationToken), "compacted by the background maintenance");
        Assert.HasCount(3, await StoreVerdictLog.Create(store).GetRecentAsync(Azure, 10, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task ReplayGuard_KeyOlderThanTheRetention_SweptAndThenAnsweredAgain()
    {
        var store = new InMemoryStore();
        var time = new ManualTime(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var guard = new ReplayGuard(capacity: 1, store, time);
        Assert.IsTrue(await guard.TryAddAsync("delivery:a", cancellationToken: TestContext.CancellationToken));
        Assert.IsTrue(await guard.TryAddAsync("delivery:b", cancellationToken: TestContext.CancellationToken), "pushes 'a' out of memory; the store still has it");
        Assert.IsFalse(await guard.TryAddAsync("delivery:a", cancellationToken: TestContext.CancellationToken), "a replay within the retention is refused from the store");

        time.Now += TimeSpan.FromDays(6);
        Assert.AreEqual(0, await guard.SweepAsync(ReplayGuard.DefaultRetention, TestContext.CancellationToken));
        time.Now += TimeSpan.FromDays(2);
        Assert.AreEqual(2, await guard.SweepAsync(ReplayGuard.DefaultRetention, TestContext.CancellationToken));

        Assert.IsEmpty(await store.ListDocumentsAsync(ReplayGuard.Folder, TestContext.CancellationToken));
        Assert.IsTrue(await guard.TryAddAsync("delivery:b", cancellationToken: TestContext.CancellationToken), "expired (and out of memory): answered as new");
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
