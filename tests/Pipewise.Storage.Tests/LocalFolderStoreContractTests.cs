using System.Diagnostics;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class LocalFolderStoreContractTests : SegmentStoreContractTests
{
    private readonly List<string> folders = [];
    private readonly Dictionary<string, SegmentOptions> segmentOptions = [];

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

    protected override Task<IPipewiseStore> CreateStoreAsync() => CreateStoreAsync(new SegmentOptions());

    protected override Task<IPipewiseStore> CreateStoreAsync(SegmentOptions segments)
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-store-").FullName;
        folders.Add(folder);
        var root = Path.Combine(folder, ".pipewise");
        segmentOptions[Path.GetFullPath(root)] = segments;
        return Task.FromResult<IPipewiseStore>(new LocalFolderStore(root, segmentOptions: segments));
    }

    protected override IPipewiseStore OpenAgain(IPipewiseStore store)
    {
        var root = ((LocalFolderStore)store).Root;
        return new LocalFolderStore(root, segmentOptions: segmentOptions[root]);
    }

    protected override long ObjectsTouched(IPipewiseStore store) => ((LocalFolderStore)store).RunObjectsRead;

    protected override async Task KillMidAppendAsync(IPipewiseStore store, PipelineKey pipeline, byte[] line)
    {
        var root = ((LocalFolderStore)store).Root;
        var head = LocalSegments.ParseHead(await File.ReadAllBytesAsync(Path.Combine(root, SegmentNames.Head(pipeline))), "head");
        await using var segment = new FileStream(Path.Combine(root, SegmentNames.Open(pipeline, head.Open)), FileMode.Append);
        await segment.WriteAsync(line.AsMemory(0, line.Length / 2));
    }

    protected override async Task<int> CountStoredLinesAsync(IPipewiseStore store, PipelineKey pipeline)
    {
        var folder = Path.Combine(((LocalFolderStore)store).Root, SegmentNames.FolderPrefix(pipeline));
        var lines = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            lines += file.EndsWith(".jsonl", StringComparison.Ordinal) ? bytes.Count(b => b == '\n')
                : file.EndsWith(".gz", StringComparison.Ordinal) ? SegmentLines.Decompress(bytes, file).Count(b => b == '\n') : 0;
        }

        return lines;
    }

    protected override Task AppendV1Async(IPipewiseStore store, RunRecord run)
    {
        var files = new LocalFiles(((LocalFolderStore)store).Root, TimeSpan.FromSeconds(30), TimeProvider.System, () => 0.5);
        return new LocalRunLog(files).AppendAsync(run, CancellationToken.None);
    }

    protected override async Task WriteRawAsync(IPipewiseStore store, string key, byte[] content)
    {
        var root = ((LocalFolderStore)store).Root;
        if (SegmentEdits.TryParseRecordPath(key, out var folder, out var name) && Directory.Exists(Path.Combine(root, folder)))
        {
            foreach (var segment in Directory.EnumerateFiles(Path.Combine(root, folder), "*.jsonl"))
            {
                if (SegmentEdits.ReplaceRecord(await File.ReadAllBytesAsync(segment), name, content) is { } edited)
                {
                    await File.WriteAllBytesAsync(segment, edited);
                    return;
                }
            }
        }

        var path = Path.Combine(root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content);
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
    public async Task PutDocumentAsync_LockHeldByAnotherProcess_WaitsForIt()
    {
        var flock = new[] { "/usr/bin/flock", "/bin/flock" }.FirstOrDefault(File.Exists);
        if (flock is null)
        {
            Assert.Inconclusive("flock(1) is not installed.");
        }

        // A compare-and-swap write (If-Match) takes the document's lock; creating one (If-None-Match) needs none (ADR 0015).
        var store = (LocalFolderStore)await CreateStoreAsync();
        var etag = await store.PutDocumentAsync("agents/x.json", "{}"u8.ToArray(), null);
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
        await store.PutDocumentAsync("agents/x.json", "{\"v\":2}"u8.ToArray(), etag);
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
