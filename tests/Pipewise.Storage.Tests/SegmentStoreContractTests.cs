using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Storage.Tests;

/// <summary>
/// What the v2 run log (ADR 0011) adds to the store contract, on both persistent stores (the local folder, and Blob
/// Storage on Azurite): bounded reads whatever the history's size, exactly-once storage under concurrent writers, and
/// nothing lost or half-read after a writer dies mid-append. The whole <see cref="StoreContractTests"/> suite runs too.
/// </summary>
public abstract class SegmentStoreContractTests : StoreContractTests
{
    /// <summary>How many runs each of the 32 concurrent appenders appends (overlapping with its neighbours').</summary>
    protected virtual int RunsPerAppender => 24;

    /// <summary>A new, empty store with these segment sizes.</summary>
    protected abstract Task<IPipewiseStore> CreateStoreAsync(SegmentOptions segments);

    /// <summary>A second store instance on the same folder or container (another process, as far as caches go).</summary>
    protected abstract IPipewiseStore OpenAgain(IPipewiseStore store);

    /// <summary>Run-log objects read (local: files opened; blob: requests sent) by this instance so far.</summary>
    protected abstract long ObjectsTouched(IPipewiseStore store);

    /// <summary>What a writer killed in the middle of appending this line leaves in the open segment.</summary>
    protected abstract Task KillMidAppendAsync(IPipewiseStore store, PipelineKey pipeline, byte[] line);

    /// <summary>Every segment line stored for the pipeline, duplicates included (open and sealed segments, raw).</summary>
    protected abstract Task<int> CountStoredLinesAsync(IPipewiseStore store, PipelineKey pipeline);

    /// <summary>Stores runs the way Pipewise before the v2 log did (ADR 0002: one object per run and a key marker).</summary>
    protected abstract Task AppendV1Async(IPipewiseStore store, RunRecord run);

    [TestMethod]
    public async Task GetLastRunsAsync_10kRunPipeline_TouchesAtMostThreeObjects()
    {
        var writer = await CreateStoreAsync(new SegmentOptions { SealBytes = 96 * 1024 });
        var runs = Enumerable.Range(1, 10_000).Select(i => Run(i)).ToList();
        foreach (var batch in runs.Chunk(1000))
        {
            Assert.AreEqual(batch.Length, await AppendRunsAsync(writer, batch));
        }

        foreach (var count in new[] { 1, 32, 200 })
        {
            var reader = OpenAgain(writer);
            var before = ObjectsTouched(reader);
            var last = await reader.GetLastRunsAsync(Ci, count);
            var touched = ObjectsTouched(reader) - before;

            CollectionAssert.AreEqual(Enumerable.Range(10_001 - count, count).Select(i => (long?)i).ToArray(), last.Select(r => r.Sequence).ToArray());
            Assert.IsLessThanOrEqualTo(3, touched, $"last-{count} of 10 000 runs touched {touched} objects");
        }

        Assert.IsGreaterThan(10, await CountSealedSegmentsAsync(writer), "the history spans many sealed segments");
    }

    [TestMethod]
    public async Task AppendRunAsync_32ConcurrentAppendersOverlappingRuns_StoresEachRunOnce()
    {
        var first = await CreateStoreAsync(new SegmentOptions { SealBytes = 4 * 1024 });
        var instances = new[] { first, OpenAgain(first), OpenAgain(first), OpenAgain(first) };
        var perWriter = RunsPerAppender;
        var stored = new int[(32 * perWriter / 2) + perWriter + 1];
        using var start = new ManualResetEventSlim(false);

        var writers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            start.Wait();
            var store = instances[w % instances.Length];

            // Writer w appends runs w·n/2 … w·n/2 + n: each run is offered by two or three writers, in different orders.
            var mine = Enumerable.Range((w * perWriter / 2) + 1, perWriter).OrderBy(s => (s * 7919L + w) % 101).ToList();
            foreach (var s in mine)
            {
                if (await store.AppendRunAsync(Run(s)))
                {
                    Interlocked.Increment(ref stored[s]);
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(writers);

        var expected = Enumerable.Range(1, (31 * perWriter / 2) + perWriter).ToList();
        foreach (var s in expected)
        {
            Assert.AreEqual(1, stored[s], $"run {s}: exactly one appender reports storing it");
        }

        var report = new StoreReadReport();
        var all = await ReadAllAsync(OpenAgain(first), Ci, report);
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
        CollectionAssert.AreEqual(expected.Select(i => (long?)i).ToArray(), all.Select(r => r.Sequence).ToArray());
        Assert.AreEqual(expected.Count, await CountStoredLinesAsync(first, Ci), "each run is stored once at rest, not de-duplicated on read");
    }

    [TestMethod]
    public async Task AppendRunAsync_WriterKilledMidAppend_EveryAcknowledgedRunReadsBack()
    {
        var store = await CreateStoreAsync(new SegmentOptions { SealBytes = 8 * 1024 });
        var acknowledged = new List<RunRecord>();
        for (var s = 1; s <= 40; s++)
        {
            Assert.IsTrue(await store.AppendRunAsync(Run(s)));
            acknowledged.Add(Run(s));
        }

        // A writer dies half way through appending run 41: its append was never acknowledged.
        var torn = Run(41);
        await KillMidAppendAsync(store, Ci, SegmentLines.Format(StoreNames.RecordName(torn), RunRecordJson.Serialize(torn)));

        var reader = OpenAgain(store);
        var report = new StoreReadReport();
        CollectionAssert.AreEqual(acknowledged.Select(r => r.Key).ToArray(), (await ReadAllAsync(reader, Ci, report)).Select(r => r.Key).ToArray());
        CollectionAssert.AreEqual(acknowledged.TakeLast(5).Select(r => r.Key).ToArray(), (await reader.GetLastRunsAsync(Ci, 5, report)).Select(r => r.Key).ToArray());
        Assert.IsEmpty(report.Problems, "half a line is never read back: " + string.Join("; ", report.Problems));
        Assert.IsFalse(await reader.ContainsRunAsync(torn.Key));

        // The next writer (another process) appends after it: the torn run can be stored again, nothing is lost.
        var next = OpenAgain(store);
        Assert.IsTrue(await next.AppendRunAsync(torn));
        Assert.IsTrue(await next.AppendRunAsync(Run(42)));
        Assert.IsFalse(await next.AppendRunAsync(Run(40)));
        var after = await ReadAllAsync(OpenAgain(store), Ci, report);
        CollectionAssert.AreEqual(Enumerable.Range(1, 42).Select(i => (long?)i).ToArray(), after.Select(r => r.Sequence).ToArray());
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
    }

    [TestMethod]
    public async Task GetLastRunsAsync_V1StoreUpgraded_OldRecordsReadAndNotStoredTwice()
    {
        var store = await CreateStoreAsync(new SegmentOptions { SealBytes = 2 * 1024 });
        for (var s = 1; s <= 12; s++)
        {
            await AppendV1Async(store, Run(s));
        }

        var upgraded = OpenAgain(store);
        CollectionAssert.AreEqual(new long?[] { 10, 11, 12 }, (await upgraded.GetLastRunsAsync(Ci, 3)).Select(r => r.Sequence).ToArray());
        Assert.IsTrue(await upgraded.ContainsRunAsync(Run(5).Key));
        Assert.IsFalse(await upgraded.AppendRunAsync(Run(12)), "a run stored by v1 is not stored again");
        for (var s = 13; s <= 30; s++)
        {
            Assert.IsTrue(await upgraded.AppendRunAsync(Run(s)));
        }

        var report = new StoreReadReport();
        var reader = OpenAgain(store);
        CollectionAssert.AreEqual(Enumerable.Range(1, 30).Select(i => (long?)i).ToArray(), (await ReadAllAsync(reader, Ci, report)).Select(r => r.Sequence).ToArray());
        CollectionAssert.AreEqual(new long?[] { 11, 12, 13, 14 }, (await reader.GetLastRunsAsync(Ci, 20)).Take(4).Select(r => r.Sequence).ToArray());
        CollectionAssert.Contains((await reader.ListPipelinesAsync()).ToList(), Ci);
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
    }

    [TestMethod]
    public async Task AppendRunsAsync_BatchWithDuplicatesAndStoredRuns_StoresEachNewRunOnce()
    {
        var store = await CreateStoreAsync(new SegmentOptions { SealBytes = 4 * 1024 });
        await store.AppendRunAsync(Run(3));
        var batch = new[] { Run(1), Run(2), Run(3), Run(2), Run(4), Run(2, attempt: 2) };

        Assert.AreEqual(4, await AppendRunsAsync(store, batch));
        Assert.AreEqual(0, await AppendRunsAsync(OpenAgain(store), batch));
        CollectionAssert.AreEqual(new[] { "1.1", "2.1", "2.2", "3.1", "4.1" }, (await ReadAllAsync(store, Ci)).Select(r => $"{r.Sequence}.{r.Attempt}").ToArray());
    }

    protected static Task<int> AppendRunsAsync(IPipewiseStore store, IReadOnlyList<RunRecord> runs) => store switch
    {
        LocalFolderStore local => local.AppendRunsAsync(runs),
        BlobStore blob => blob.AppendRunsAsync(runs),
        _ => throw new InvalidOperationException("not a v2 store"),
    };

    private async Task<int> CountSealedSegmentsAsync(IPipewiseStore store)
    {
        var count = 0;
        await foreach (var _ in store.ReadAllRunsAsync(Ci))
        {
            count++;
        }

        Assert.AreEqual(10_000, count);
        return store switch
        {
            LocalFolderStore local => Directory.EnumerateFiles(Path.Combine(local.Root, SegmentNames.FolderPrefix(Ci)), "*.gz").Count(),
            _ => await CountSealedBlobsAsync(store),
        };
    }

    /// <summary>Sealed segments of <see cref="StoreContractTests.Ci"/> (blob store).</summary>
    protected virtual Task<int> CountSealedBlobsAsync(IPipewiseStore store) => Task.FromResult(0);

    protected static string Id(long sequence) => (5_000_000 + sequence).ToString(CultureInfo.InvariantCulture);
}
