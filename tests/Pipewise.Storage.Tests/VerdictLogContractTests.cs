using System.Globalization;
using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage.Verdicts;

namespace Pipewise.Storage.Tests;

/// <summary>
/// The verdict log layout of ADR 0015 on both persistent stores (the local folder, and Blob Storage on Azurite):
/// one create-if-absent document per verdict, compaction that loses and doubles nothing while appenders and another
/// compactor run, bounded reads of the recent verdicts, and the one-document log of earlier versions still read.
/// </summary>
public abstract class VerdictLogContractTests
{
    protected static readonly PipelineKey Key = new("github", "octo", "web/app", "ci.yml");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract IPipewiseStore CreateStore();

    /// <summary>A second instance on the same folder or container (another replica, as far as caches go).</summary>
    protected abstract IPipewiseStore OpenAgain(IPipewiseStore store);

    protected static VerdictRecord Record(int i, string source = "gate") => new()
    {
        RunId = i.ToString(CultureInfo.InvariantCulture),
        At = Start.AddSeconds(i),
        Verdict = i % 2 == 0 ? Verdict.Pass : Verdict.Warn,
        Mode = GateMode.Enforce,
        Reasons = [new GateReason("failure-risk", Verdict.Warn, 0.61, 0.5, "failure probability 0.61 ≥ warn threshold 0.50")],
        ModelVersion = "bilstm@1",
        Source = source,
    };

    private static string[] Ids(IEnumerable<VerdictRecord> records) => [.. records.Select(r => r.RunId)];

    private static string[] Range(int from, int count) => [.. Enumerable.Range(from, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    [TestMethod]
    public async Task AppendAsync_32ConcurrentAppendersOfDistinctVerdicts_AllReadBackInTimeOrder()
    {
        var first = CreateStore();
        var logs = new[] { first, OpenAgain(first) }.Select(s => StoreVerdictLog.Create(s)).ToArray();
        using var go = new ManualResetEventSlim(false);

        var appenders = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            go.Wait();
            for (var k = 0; k < 4; k++)
            {
                await logs[w % 2].AppendAsync(Key, Record((k * 32) + w));
            }
        })).ToList();
        go.Set();
        await Task.WhenAll(appenders);

        var recent = await StoreVerdictLog.Create(OpenAgain(first)).GetRecentAsync(Key, 1000);
        CollectionAssert.AreEqual(Range(0, 128), Ids(recent), "every verdict once, oldest first");
        Assert.AreEqual(0.61, recent[0].Reasons[0].Measured);
        CollectionAssert.AreEqual(Range(125, 3), Ids(await logs[0].GetRecentAsync(Key, 3)));
    }

    [TestMethod]
    public async Task AppendAsync_SameVerdictTwice_StoredOnceAndDistinctSourcesKeptApart()
    {
        var log = StoreVerdictLog.Create(CreateStore());
        await log.AppendAsync(Key, Record(1));
        await log.AppendAsync(Key, Record(1));
        await log.AppendAsync(Key, Record(1, source: "azure-devops-gate"));

        var recent = await log.GetRecentAsync(Key, 10);

        Assert.HasCount(2, recent);
        CollectionAssert.AreEquivalent(new[] { "gate", "azure-devops-gate" }, recent.Select(r => r.Source).ToArray());
    }

    [TestMethod]
    public async Task CompactAsync_ConcurrentWithAppendsAndAnotherCompactor_LosesNothingDoublesNothing()
    {
        var first = CreateStore();
        var options = new VerdictLogOptions { SegmentSize = 24 };
        var writer = StoreVerdictLog.Create(first, options);
        var compactors = new[] { StoreVerdictLog.Create(OpenAgain(first), options), StoreVerdictLog.Create(OpenAgain(first), options) };
        const int Total = 160;
        var appending = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Total).OrderBy(i => (i * 37) % Total), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await writer.AppendAsync(Key, Record(i), ct));
        });
        var compacting = compactors.Select(c => Task.Run(async () =>
        {
            var done = VerdictCompaction.None;
            while (!appending.IsCompleted)
            {
                done += await c.CompactAsync(Key);
            }

            return done;
        })).ToList();
        await appending;
        var byCompactors = (await Task.WhenAll(compacting)).Aggregate(VerdictCompaction.None, (a, b) => a + b);
        await compactors[0].CompactAsync(Key);

        var recent = await StoreVerdictLog.Create(OpenAgain(first)).GetRecentAsync(Key, 1000);
        CollectionAssert.AreEqual(Range(0, Total), Ids(recent), "every verdict once, in time order");
        var (head, stored) = await StoredAsync(first);
        Assert.IsNotNull(head);
        Assert.AreEqual(Total, stored.Count, "the segments the head names hold each verdict exactly once");
        Assert.AreEqual(Total, stored.Distinct().Count());
        Assert.IsEmpty(await first.ListDocumentsAsync(VerdictPaths.EntriesPrefix(VerdictPaths.Folder(Key))), "no entry left after the last compaction");
        Assert.IsGreaterThan(0, byCompactors.Folded, "the compactors folded entries while the appends ran");
    }

    [TestMethod]
    public async Task GetRecentAsync_AfterCompaction_NewestInOrderFromAFewDocuments()
    {
        var store = CreateStore();
        var log = StoreVerdictLog.Create(store, new VerdictLogOptions { SegmentSize = 100 });
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000).Reverse(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await log.AppendAsync(Key, Record(i), ct));
        await log.CompactAsync(Key);
        for (var i = 1000; i < 1005; i++)
        {
            await log.AppendAsync(Key, Record(i));
        }

        var counted = new CountingDocuments(OpenAgain(store));
        var recent = await StoreVerdictLog.Create(counted).GetRecentAsync(Key, 20);

        CollectionAssert.AreEqual(Range(985, 20), Ids(recent));
        Assert.AreEqual(1, counted.Lists, "one listing of the entries");
        Assert.IsLessThanOrEqualTo(1 + 5 + 2, counted.Gets, $"head, 5 entries and at most 2 segments; was {counted.Gets} reads");
        CollectionAssert.AreEqual(Range(1004, 1), Ids(await log.GetRecentAsync(Key, 1)));
        Assert.HasCount(1005, await log.GetRecentAsync(Key, 5000));
    }

    [TestMethod]
    public async Task GetRecentAsync_OneDocumentLogOfEarlierVersions_ReadThenFoldedByCompaction()
    {
        var store = CreateStore();
        var legacy = new VerdictLogDocument { Pipeline = Key.ToString(), Verdicts = [Record(1), Record(2), Record(3)] };
        await store.PutDocumentAsync(StoreVerdictLog.PathOf(Key), JsonSerializer.SerializeToUtf8Bytes(legacy, VerdictJsonContext.Default.VerdictLogDocument), null);
        Assert.AreEqual("verdicts/github%2Focto%2Fweb%252Fapp%2Fci.yml.json", StoreVerdictLog.PathOf(Key), "the path earlier versions wrote");
        var log = StoreVerdictLog.Create(store);
        await log.AppendAsync(Key, Record(4));
        await log.AppendAsync(Key, Record(0));

        CollectionAssert.AreEqual(Range(0, 5), Ids(await log.GetRecentAsync(Key, 10)), "old and new verdicts together");

        var done = await log.CompactAsync(Key);

        Assert.AreEqual(5, done.Folded);
        Assert.IsNull(await store.GetDocumentAsync(StoreVerdictLog.PathOf(Key)), "the old document is folded, then deleted");
        CollectionAssert.AreEqual(Range(0, 5), Ids(await log.GetRecentAsync(Key, 10)));
        Assert.AreEqual(Verdict.Warn, (await log.GetRecentAsync(Key, 10))[3].Verdict);
    }

    [TestMethod]
    public async Task CompactAsync_OverTheRetention_DropsWholeOldestSegmentsKeepsTheNewest()
    {
        var store = CreateStore();
        var log = StoreVerdictLog.Create(store, new VerdictLogOptions { SegmentSize = 10, Retention = 30 });
        for (var batch = 0; batch < 10; batch++)
        {
            for (var i = 0; i < 10; i++)
            {
                await log.AppendAsync(Key, Record((batch * 10) + i));
            }

            await log.CompactAsync(Key);
        }

        var kept = await log.GetRecentAsync(Key, 1000);
        Assert.IsInRange(30, 40, kept.Count);
        Assert.AreEqual("99", kept[^1].RunId);
        Assert.HasCount(kept.Count / 10, await store.ListDocumentsAsync(VerdictPaths.CompactedPrefix(VerdictPaths.Folder(Key))), "dropped segments are deleted");
    }

    [TestMethod]
    public async Task CompactAsync_SegmentLeftByAStoppedCompaction_AdoptedWhenOldElseLeftToItsWriter()
    {
        var store = CreateStore();
        var log = StoreVerdictLog.Create(store);
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync(Key, Record(i));
        }

        // A compaction wrote segment 1 with four of the entries, then stopped before moving the head.
        var folder = VerdictPaths.Folder(Key);
        async Task Orphan(DateTimeOffset createdAt)
        {
            await store.DeleteDocumentAsync(VerdictPaths.Compacted(folder, 1));
            var orphan = new VerdictSegment { Pipeline = Key.ToString(), Id = 1, CreatedAt = createdAt, Verdicts = [Record(0), Record(1), Record(2), Record(3)] };
            await store.PutDocumentAsync(VerdictPaths.Compacted(folder, 1), JsonSerializer.SerializeToUtf8Bytes(orphan, VerdictJsonContext.Default.VerdictSegment), null);
        }

        await Orphan(DateTimeOffset.UtcNow);
        Assert.AreEqual(VerdictCompaction.None, await log.CompactAsync(Key), "a fresh segment belongs to a compaction still at work");
        CollectionAssert.AreEqual(Range(0, 6), Ids(await log.GetRecentAsync(Key, 10)));

        await Orphan(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        var done = await log.CompactAsync(Key);

        Assert.AreEqual(1, done.SegmentsAdopted);
        CollectionAssert.AreEqual(Range(0, 6), Ids(await log.GetRecentAsync(Key, 10)));
        var (_, stored) = await StoredAsync(store);
        CollectionAssert.AreEquivalent(Range(0, 6), stored.ToArray(), "each verdict in one named segment");
        Assert.IsEmpty(await store.ListDocumentsAsync(VerdictPaths.EntriesPrefix(folder)));
    }

    [TestMethod]
    public async Task AppendAsync_CompactEveryOne_LeavesNoEntryBehind()
    {
        var store = CreateStore();
        var log = StoreVerdictLog.Create(store, new VerdictLogOptions { CompactEvery = 1 });
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(Key, Record(i));
        }

        Assert.IsEmpty(await store.ListDocumentsAsync(VerdictPaths.EntriesPrefix(VerdictPaths.Folder(Key))));
        CollectionAssert.AreEqual(Range(0, 5), Ids(await log.GetRecentAsync(Key, 10)));
    }

    /// <summary>The run ids in the segments the head names, duplicates included.</summary>
    private static async Task<(VerdictLogHead? Head, List<string> RunIds)> StoredAsync(IPipewiseStore store)
    {
        var folder = VerdictPaths.Folder(Key);
        var head = await store.GetDocumentAsync(VerdictPaths.Head(folder));
        if (head is null)
        {
            return (null, []);
        }

        var parsed = JsonSerializer.Deserialize(head.Content, VerdictJsonContext.Default.VerdictLogHead)!;
        var ids = new List<string>();
        foreach (var info in parsed.Segments)
        {
            var segment = await store.GetDocumentAsync(VerdictPaths.Compacted(folder, info.Id));
            Assert.IsNotNull(segment, $"segment {info.Id} named by the head exists");
            var verdicts = JsonSerializer.Deserialize(segment.Content, VerdictJsonContext.Default.VerdictSegment)!.Verdicts;
            Assert.HasCount(info.Count, verdicts);
            ids.AddRange(verdicts.Select(v => v.RunId));
        }

        return (parsed, ids);
    }

    /// <summary>Counts the document reads and listings that pass through.</summary>
    private sealed class CountingDocuments(IDocumentStore inner) : IDocumentStore
    {
        private int gets;
        private int lists;

        public int Gets => Volatile.Read(ref gets);

        public int Lists => Volatile.Read(ref lists);

        public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref gets);
            return inner.GetDocumentAsync(path, cancellationToken);
        }

        public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
            inner.PutDocumentAsync(path, content, ifMatch, cancellationToken);

        public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteDocumentAsync(path, cancellationToken);

        public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref lists);
            return inner.ListDocumentsAsync(prefix, cancellationToken);
        }
    }
}

[TestClass]
public sealed class LocalFolderVerdictLogTests : VerdictLogContractTests
{
    private readonly List<string> folders = [];

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected override IPipewiseStore CreateStore()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-verdicts-").FullName;
        folders.Add(folder);
        return new LocalFolderStore(folder);
    }

    protected override IPipewiseStore OpenAgain(IPipewiseStore store) => new LocalFolderStore(((LocalFolderStore)store).Root);

    [TestMethod]
    public async Task AppendAsync_ManyVerdicts_LeaveNoLockFilePerVerdict()
    {
        var store = (LocalFolderStore)CreateStore();
        var log = StoreVerdictLog.Create(store);
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(Key, Record(i));
        }

        await log.CompactAsync(Key);

        var locks = Path.Combine(store.Root, ".locks");
        var lockFiles = Directory.Exists(locks) ? Directory.GetFiles(locks).Length : 0;
        Assert.IsLessThanOrEqualTo(2, lockFiles, "only the head is written with If-Match; entries and segments are created without a lock");
        Assert.HasCount(2, Directory.GetFiles(Path.Combine(store.Root, "verdicts"), "*", SearchOption.AllDirectories), "the head and one segment for 40 verdicts");
    }
}
