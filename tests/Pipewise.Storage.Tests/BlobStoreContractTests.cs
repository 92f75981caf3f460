using System.Diagnostics;
using System.Runtime.CompilerServices;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class BlobStoreContractTests : SegmentStoreContractTests
{
    private static Azurite? azurite;
    private readonly Dictionary<IPipewiseStore, string> containers = [];
    private readonly Dictionary<IPipewiseStore, (BlobStoreOptions Options, StrongBox<long> Requests)> opened = [];

    private static Azurite Emulator => azurite ?? throw new InvalidOperationException("Azurite was not started.");

    [ClassInitialize]
    public static async Task StartAzurite(TestContext context)
    {
        _ = context;

        azurite = await Azurite.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAzurite()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    protected override int IncrementsPerWriter => 1;

    protected override int RunsPerAppender => 10;

    protected override Task<IPipewiseStore> CreateStoreAsync() => Task.FromResult(CreateStore(out _));

    protected override Task<IPipewiseStore> CreateStoreAsync(SegmentOptions segments) => Task.FromResult(CreateStore(out _, new BlobStoreOptions { Segments = segments }));

    protected override IPipewiseStore OpenAgain(IPipewiseStore store) => Open(containers[store], opened[store].Options);

    protected override long ObjectsTouched(IPipewiseStore store) => Interlocked.Read(ref opened[store].Requests.Value);

    protected override async Task KillMidAppendAsync(IPipewiseStore store, PipelineKey pipeline, byte[] line)
    {
        // A real request cut off half way through its body, as when the writing process dies: the service drops it.
        var container = Container(store);
        var head = LocalSegments.ParseHead((await container.GetBlobClient(SegmentNames.Head(pipeline)).DownloadContentAsync()).Value.Content.ToArray(), "head");
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var append = new BlobContainerClient(Emulator.ConnectionString, containers[store], options).GetAppendBlobClient(SegmentNames.Open(pipeline, head.Open));
        await Assert.ThrowsAsync<Exception>(() => append.AppendBlockAsync(new DyingStream(line)));
    }

    protected override async Task<int> CountStoredLinesAsync(IPipewiseStore store, PipelineKey pipeline)
    {
        var container = Container(store);
        var lines = 0;
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = SegmentNames.FolderPrefix(pipeline) }))
        {
            var bytes = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
            lines += item.Name.EndsWith(".jsonl", StringComparison.Ordinal) ? bytes.Count(b => b == '\n')
                : item.Name.EndsWith(".gz", StringComparison.Ordinal) ? SegmentLines.Decompress(bytes, item.Name).Count(b => b == '\n') : 0;
        }

        return lines;
    }

    protected override Task AppendV1Async(IPipewiseStore store, RunRecord run)
    {
        var requests = new BlobRequests(Container(store), new BlobStoreOptions(), "v1 writer");
        var objects = new BlobObjects(requests);
        return new BlobRunLog(objects, new BlobListing(requests)).AppendAsync(run, CancellationToken.None);
    }

    protected override async Task<int> CountSealedBlobsAsync(IPipewiseStore store)
    {
        var count = 0;
        await foreach (var item in Container(store).GetBlobsAsync(new GetBlobsOptions { Prefix = SegmentNames.FolderPrefix(Ci) }))
        {
            count += item.Name.EndsWith(".gz", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    private BlobContainerClient Container(IPipewiseStore store) => new(Emulator.ConnectionString, containers[store]);

    protected override async Task WriteRawAsync(IPipewiseStore store, string key, byte[] content)
    {
        var container = new BlobContainerClient(Emulator.ConnectionString, containers[store]);
        if (SegmentEdits.TryParseRecordPath(key, out var folder, out var name))
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }))
            {
                if (!item.Name.EndsWith(".jsonl", StringComparison.Ordinal))
                {
                    continue;
                }

                var segment = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
                if (SegmentEdits.ReplaceRecord(segment, name, content) is { } edited)
                {
                    var append = container.GetAppendBlobClient(item.Name);
                    await append.DeleteAsync();
                    await append.CreateAsync();
                    await append.AppendBlockAsync(new MemoryStream(edited));
                    return;
                }
            }
        }

        await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
    }

    private IPipewiseStore CreateStore(out string container, BlobStoreOptions? options = null)
    {
        container = "t" + Guid.NewGuid().ToString("N")[..20];
        return Open(container, options ?? new BlobStoreOptions());
    }

    private IPipewiseStore Open(string container, BlobStoreOptions options)
    {
        var requests = new StrongBox<long>();
        var store = StoreFactory.Open($"{Emulator.ConnectionString}Container={container}", options with { OnRequest = _ => Interlocked.Increment(ref requests.Value) });
        Assert.IsInstanceOfType<BlobStore>(store);
        containers[store] = container;
        opened[store] = (options, requests);
        return store;
    }

    /// <summary>A request body that fails half way, like a writer process that dies while sending it.</summary>
    private sealed class DyingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        private readonly int half = bytes.Length / 2;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= half)
            {
                throw new IOException("the writer died");
            }

            return base.Read(buffer, offset, (int)Math.Min(count, half - Position));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chunk = new byte[buffer.Length];
            var n = Read(chunk, 0, chunk.Length);
            chunk.AsSpan(0, n).CopyTo(buffer.Span);
            return ValueTask.FromResult(n);
        }
    }

    [TestMethod]
    public async Task Import_AzuriteKilledMidway_ResumesOrFailsClearly_AndAReRunStoresEachRunOnce()
    {
        var options = new BlobStoreOptions
        {
            MaxRetryTime = TimeSpan.FromSeconds(4),
            AttemptTimeout = TimeSpan.FromSeconds(2),
            FirstRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        };
        var store = CreateStore(out _, options);
        var runs = Enumerable.Range(1, 120).Select(i => Run(i)).ToList();
        var progressed = 0L;
        IAsyncEnumerable<ParsedRun> Rows() => runs.Select((r, i) => ParsedRun.Ok("history.csv", i + 2, r)).ToAsyncEnumerable();
        var importer = new RunImporter(store, parallelism: 2) { Progress = p => Interlocked.Exchange(ref progressed, p.Imported) };

        var import = Task.Run(() => importer.ImportAsync(Rows()));
        var waited = Stopwatch.StartNew();
        while (!import.IsCompleted && await store.ContainsRunAsync(runs[10].Key) is false && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Emulator.Kill();
        string outcome;
        try
        {
            var summary = await import;
            outcome = $"finished before or across the outage ({summary.Imported} new)";
        }
        catch (ImportFailedException ex)
        {
            outcome = "failed clearly";
            StringAssert.Contains(ex.Message, "run the same import again to resume");
            Assert.DoesNotContain(Azurite.AccountKey, ex.ToString());
        }

        await Emulator.RestartAsync();
        Console.WriteLine($"Import during the outage: {outcome}.");

        var resumed = await new RunImporter(store).ImportAsync(Rows());

        Assert.AreEqual(runs.Count, resumed.Imported + resumed.Duplicates);
        var report = new StoreReadReport();
        var all = await ReadAllAsync(store, Ci, report);
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
        CollectionAssert.AreEqual(runs.Select(r => r.Key).ToArray(), all.Select(r => r.Key).ToArray(), "every run exactly once, none half-written");
    }

    [TestMethod]
    public async Task AppendRunAsync_AzuriteKilledMidBatch_ResumesOrFailsClearly_NeverDuplicates()
    {
        var options = new BlobStoreOptions
        {
            MaxRetryTime = TimeSpan.FromSeconds(20),
            AttemptTimeout = TimeSpan.FromSeconds(3),
            FirstRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        var store = CreateStore(out var container, options);
        var runs = Enumerable.Range(1, 60).Select(i => Run(i)).ToList();
        var appended = 0;

        var batch = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (run, ct) =>
            {
                await store.AppendRunAsync(run, ct);
                Interlocked.Increment(ref appended);
            });
        });

        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref appended) < 15 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        Emulator.Kill();

        // While it is down, a store with a short budget gives up within that budget with a clear message.
        var impatient = StoreFactory.Open($"{Emulator.ConnectionString}Container={container}", options with { MaxRetryTime = TimeSpan.FromSeconds(1.5) });
        var down = Stopwatch.StartNew();
        var unavailable = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => impatient.AppendRunAsync(Run(999)));
        Assert.IsLessThan(8, down.Elapsed.TotalSeconds, "the total retry time is bounded");
        StringAssert.Contains(unavailable.Message, container);
        Assert.DoesNotContain(Azurite.AccountKey, unavailable.ToString());

        await Task.Delay(500);
        await Emulator.RestartAsync();

        string outcome;
        try
        {
            await batch;
            outcome = "resumed";
        }
        catch (StoreUnavailableException ex)
        {
            outcome = "failed clearly: " + ex.Message;
            Assert.DoesNotContain(Azurite.AccountKey, ex.ToString());
        }

        Console.WriteLine($"Batch after the outage: {outcome}; {appended} of {runs.Count} appends returned.");

        // Whatever survived is whole and stored once (Azurite may lose its last unsaved writes when killed).
        var report = new StoreReadReport();
        var survived = await ReadAllAsync(store, Ci, report);
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
        Assert.HasCount(survived.Select(r => r.Key).Distinct().Count(), survived, "no run is stored twice");

        // Appending the batch again completes it: every run exactly once.
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (run, ct) => await store.AppendRunAsync(run, ct));

        var all = await ReadAllAsync(store, Ci, report);
        Assert.IsEmpty(report.Problems, string.Join("; ", report.Problems));
        CollectionAssert.AreEqual(runs.Select(r => r.Key).ToArray(), all.Select(r => r.Key).ToArray());
        foreach (var run in runs.TakeLast(3))
        {
            Assert.IsTrue(await store.ContainsRunAsync(run.Key));
        }
    }

    [TestMethod]
    public async Task Open_SasUrl_WorksAndWrongSignatureFailsFastWithoutLeakingIt()
    {
        var container = "sas" + Guid.NewGuid().ToString("N")[..16];
        var admin = new BlobContainerClient(Emulator.ConnectionString, container);
        await admin.CreateAsync();
        var sasBuilder = new BlobSasBuilder(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)) { BlobContainerName = container };
        var sas = sasBuilder.ToSasQueryParameters(new StorageSharedKeyCredential(Azurite.AccountName, Azurite.AccountKey)).ToString();
        var url = $"{Emulator.BlobEndpoint}/{container}?{sas}";

        var store = StoreFactory.Open(url);
        Assert.IsInstanceOfType<BlobStore>(store);
        Assert.IsTrue(await store.AppendRunAsync(Run(1)));
        Assert.HasCount(1, await store.GetLastRunsAsync(Ci, 5));
        var signature = System.Web.HttpUtility.ParseQueryString(sas)["sig"]!;
        Assert.DoesNotContain(signature, store.Description);

        var forged = "AAAA" + signature[4..];
        var badUrl = url.Replace(Uri.EscapeDataString(signature), Uri.EscapeDataString(forged), StringComparison.Ordinal);
        Assert.AreNotEqual(url, badUrl);
        var bad = StoreFactory.Open(badUrl);
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => bad.GetLastRunsAsync(Ci, 5));
        Assert.IsLessThan(5, watch.Elapsed.TotalSeconds, "authorization failures are not retried");
        StringAssert.Contains(ex.Message, "access denied");
        Assert.DoesNotContain(forged, ex.ToString());
        Assert.DoesNotContain(Uri.EscapeDataString(forged), ex.ToString());
    }

    [TestMethod]
    public async Task Open_ContainerMissingAndCreationOff_FailsWithClearMessage()
    {
        var store = CreateStore(out var container, new BlobStoreOptions { CreateContainer = false });
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => store.AppendRunAsync(Run(1)));
        StringAssert.Contains(ex.Message, "does not exist");
        StringAssert.Contains(ex.Message, container);
    }
}
