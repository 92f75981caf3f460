using System.Diagnostics;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class LocalFolderStoreContractTests : StoreContractTests
{
    private readonly List<string> folders = [];

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    protected override Task<IPipewiseStore> CreateStoreAsync()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-store-").FullName;
        folders.Add(folder);
        return Task.FromResult<IPipewiseStore>(new LocalFolderStore(Path.Combine(folder, ".pipewise")));
    }

    protected override async Task WriteRawAsync(IPipewiseStore store, string key, byte[] content)
    {
        var path = Path.Combine(((LocalFolderStore)store).Root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content);
    }

    [TestMethod]
    public async Task GetLastRunsAsync_IndexTailCutByCrash_IgnoresPartialLineAndRecovers()
    {
        var store = (LocalFolderStore)await CreateStoreAsync();
        for (var s = 1; s <= 5; s++)
        {
            await store.AppendRunAsync(Run(s));
        }

        // A crash in the middle of an index append leaves half a line without its newline.
        var index = Path.Combine(store.Root, StoreNames.PipelinePrefix(Ci), "~index");
        await File.AppendAllTextAsync(index, "0000000000012\t00");

        CollectionAssert.AreEqual(new long?[] { 4, 5 }, (await store.GetLastRunsAsync(Ci, 2)).Select(r => r.Sequence).ToArray());
        await store.AppendRunAsync(Run(6));
        CollectionAssert.AreEqual(new long?[] { 5, 6 }, (await store.GetLastRunsAsync(Ci, 2)).Select(r => r.Sequence).ToArray());
        Assert.HasCount(6, await ReadAllAsync(store, Ci));
    }

    [TestMethod]
    public async Task GetLastRunsAsync_LongHistory_ReadsOnlyTheIndexTail()
    {
        var store = (LocalFolderStore)await CreateStoreAsync();
        for (var s = 1; s <= 600; s++)
        {
            await store.AppendRunAsync(Run(s));
        }

        var last = await store.GetLastRunsAsync(Ci, 10);

        CollectionAssert.AreEqual(Enumerable.Range(591, 10).Select(i => (long?)i).ToArray(), last.Select(r => r.Sequence).ToArray());
        Assert.IsLessThanOrEqualTo(11, store.LastIndexLinesRead, "last-N must not read the whole history");
    }

    [TestMethod]
    public async Task ListDocumentsAsync_EmptyPrefix_SkipsRunLogAndStoreFiles()
    {
        var store = (LocalFolderStore)await CreateStoreAsync();
        await store.AppendRunAsync(Run(1));
        await store.PutDocumentAsync("top.json", "{}"u8.ToArray(), null);
        await store.PutDocumentAsync("agents/a.json", "{}"u8.ToArray(), null);

        CollectionAssert.AreEqual(new[] { "agents/a.json", "top.json" }, (await store.ListDocumentsAsync(string.Empty)).ToArray());
        CollectionAssert.AreEqual(new[] { "agents/a.json" }, (await store.ListDocumentsAsync("agents/a")).ToArray());
    }

    [TestMethod]
    public async Task AppendRunAsync_CrashBeforeCommit_ReappendStoresOnce()
    {
        var store = (LocalFolderStore)await CreateStoreAsync();
        var run = Run(3);
        await store.AppendRunAsync(run);

        // Simulate a crash after the record and index line were written but before the key marker.
        File.Delete(Path.Combine(store.Root, StoreNames.KeyMarkerPath(run.Key)));
        Assert.IsFalse(await store.ContainsRunAsync(run.Key));

        Assert.IsTrue(await store.AppendRunAsync(run));
        Assert.HasCount(1, await ReadAllAsync(store, Ci));
        Assert.HasCount(1, await store.GetLastRunsAsync(Ci, 10));
        Assert.IsTrue(await store.ContainsRunAsync(run.Key));
    }

    [TestMethod]
    public async Task PutDocumentAsync_LockHeldByAnotherProcess_WaitsForIt()
    {
        var flock = new[] { "/usr/bin/flock", "/bin/flock" }.FirstOrDefault(File.Exists);
        if (flock is null)
        {
            Assert.Inconclusive("flock(1) is not installed.");
        }

        var store = (LocalFolderStore)await CreateStoreAsync();
        var lockPath = store.LockPath("agents/x.json");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var psi = new ProcessStartInfo(flock!) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "-x", lockPath, "-c", "echo locked; sleep 1.5" })
        {
            psi.ArgumentList.Add(a);
        }

        using var holder = Process.Start(psi)!;
        Assert.AreEqual("locked", await holder.StandardOutput.ReadLineAsync());

        var watch = Stopwatch.StartNew();
        await store.PutDocumentAsync("agents/x.json", "{}"u8.ToArray(), null);
        watch.Stop();

        await holder.WaitForExitAsync();
        Assert.IsGreaterThan(800, watch.ElapsedMilliseconds, $"the write must wait for the other process's lock (took {watch.ElapsedMilliseconds} ms)");
    }

    [TestMethod]
    public async Task UpdateDocumentAsync_TwoStoreInstancesOnOneFolder_NoLostUpdates()
    {
        var a = (LocalFolderStore)await CreateStoreAsync();
        var b = new LocalFolderStore(a.Root);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? (IPipewiseStore)a : b;
            for (var k = 0; k < 5; k++)
            {
                await store.UpdateDocumentAsync("agents/n.json", TestJson.Default.Counter, c => new Counter((c?.Value ?? 0) + 1));
            }
        })));

        Assert.AreEqual("{\"value\":80}", (await b.GetDocumentAsync("agents/n.json"))!.Text);
    }

    [TestMethod]
    public void Open_FolderSpecs_OpenLocalFolder()
    {
        var temp = Path.Combine(Path.GetTempPath(), "pipewise-spec");
        Assert.AreEqual(Path.GetFullPath(".pipewise"), ((LocalFolderStore)StoreFactory.Open(null)).Root);
        Assert.AreEqual(Path.GetFullPath(".pipewise"), ((LocalFolderStore)StoreFactory.Open("  ")).Root);
        Assert.AreEqual(temp, ((LocalFolderStore)StoreFactory.Open("file://" + temp)).Root);
        Assert.AreEqual(temp, ((LocalFolderStore)StoreFactory.Open(temp)).Root);
        Assert.AreEqual(Path.GetFullPath("data/store"), ((LocalFolderStore)StoreFactory.Open("file:data/store")).Root);
    }
}
