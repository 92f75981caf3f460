using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Testing;

/// <summary>
/// The behaviour every <see cref="IPipewiseStore"/> must have. Run against the local folder store, the blob store
/// on Azurite and the in-memory store by the three subclasses.
/// </summary>
public abstract class StoreContractTests
{
    protected static readonly PipelineKey Ci = new("github", "octo-org", "hello", "ci.yml");

    /// <summary>
    /// Increments each of the 32 concurrent writers makes. Every conflicting attempt costs two requests, so the
    /// emulator gets fewer to keep the suite fast; the exact final count is what is checked.
    /// </summary>
    protected virtual int IncrementsPerWriter => 5;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IPipewiseStore> CreateStoreAsync();

    /// <summary>Overwrites the raw bytes at a store key (to simulate corruption written by something else).</summary>
    protected abstract Task WriteRawAsync(IPipewiseStore store, string key, byte[] content);

    protected static RunRecord Run(long sequence, int attempt = 1, PipelineKey? pipeline = null)
    {
        var p = pipeline ?? Ci;
        return new RunRecord
        {
            Provider = p.Provider,
            Organization = p.Organization,
            Repository = p.Repository,
            PipelineId = p.PipelineId,
            RunId = (5_000_000 + sequence).ToString(CultureInfo.InvariantCulture),
            Attempt = attempt,
            Sequence = sequence,
            Branch = "main",
            Result = sequence % 7 == 0 ? RunResult.Failed : RunResult.Succeeded,
            DurationSeconds = 60 + (sequence % 13),
        };
    }

    [TestMethod]
    public async Task Import_RowConflictingWithARunOfAnEarlierImport_IsAConflictRowNamingTheFieldsAndOverwritesNothing()
    {
        var store = await CreateStoreAsync();
        var first = Enumerable.Range(1, 5).Select(i => Run(i)).ToList();
        static IAsyncEnumerable<Pipewise.Core.Import.ParsedRun> Rows(string file, IEnumerable<RunRecord> runs) =>
            runs.Select((r, i) => Pipewise.Core.Import.ParsedRun.Ok(file, i + 2, r)).ToAsyncEnumerable();
        Assert.AreEqual(5, (await new Pipewise.Core.Import.RunImporter(store).ImportAsync(Rows("first.csv", first))).Imported);
        var second = first.ToList();
        second[2] = second[2] with { Result = RunResult.Failed, DurationSeconds = 999 };

        var summary = await new Pipewise.Core.Import.RunImporter(store).ImportAsync(Rows("second.csv", second));
        var identical = await new Pipewise.Core.Import.RunImporter(store).ImportAsync(Rows("first.csv", first));

        Assert.AreEqual(0, summary.Imported);
        Assert.AreEqual(4, summary.Duplicates, "identical rows are only already stored");
        Assert.AreEqual(1, summary.Malformed, "the conflict counts as a malformed row (exit 4)");
        var row = summary.MalformedRows.Single();
        Assert.AreEqual(("second.csv", 4L), (row.Source, row.Line));
        StringAssert.Contains(row.Reason, "conflict: run " + second[2].Key);
        StringAssert.Contains(row.Reason, "already stored with other content (differs in durationSeconds, result)");
        var kept = await store.ReadAllRunsAsync(Ci).ToListAsync();
        Assert.AreEqual(first[2].DurationSeconds, kept.Single(r => r.Key == first[2].Key).DurationSeconds, "nothing overwritten");
        Assert.AreEqual((0L, 5L, 0L), (identical.Imported, identical.Duplicates, identical.Malformed), "the same file again is no conflict after the store's round trip");
    }

    [TestMethod]
    public async Task AppendRunAsync_SameRunTwice_KeepsOneAndReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var run = Run(1);

        Assert.IsTrue(await store.AppendRunAsync(run));
        Assert.IsFalse(await store.AppendRunAsync(run));
        Assert.IsFalse(await store.AppendRunAsync(run with { DurationSeconds = 99 }), "the key decides, not the content");

        var all = await ReadAllAsync(store, Ci);
        Assert.HasCount(1, all);
        CollectionAssert.AreEqual(RunRecordJson.Serialize(run), RunRecordJson.Serialize(all[0]));
        Assert.IsTrue(await store.ContainsRunAsync(run.Key));
        Assert.IsFalse(await store.ContainsRunAsync(Run(2).Key));
    }

    [TestMethod]
    public async Task AppendRunAsync_SameRunConcurrently_StoresItOnce()
    {
        var store = await CreateStoreAsync();
        var run = Run(7);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AppendRunAsync(run))));

        Assert.AreEqual(1, results.Count(r => r), "exactly one append reports that it stored the run");
        Assert.HasCount(1, await ReadAllAsync(store, Ci));
    }

    [TestMethod]
    public async Task AppendRunAsync_InvalidRecord_ThrowsNamingTheField()
    {
        var store = await CreateStoreAsync();
        var ex = await Assert.ThrowsExactlyAsync<RunRecordFormatException>(() => store.AppendRunAsync(Run(1) with { DurationSeconds = -1 }));
        Assert.AreEqual("durationSeconds", ex.Field);
    }

    [TestMethod]
    public async Task AppendRunAsync_OverARecordLimit_RejectedNamingKeyAndFieldNothingStored()
    {
        var store = await CreateStoreAsync();
        await store.AppendRunAsync(Run(1));
        var manyJobs = Run(2) with { Jobs = [.. Enumerable.Range(0, RunRecordLimits.MaxJobs + 1).Select(i => new JobRecord { Name = "job" + i.ToString(CultureInfo.InvariantCulture) })] };
        var longBranch = Run(3) with { Branch = new string('b', RunRecordLimits.MaxStringLength + 1) };

        var jobs = await Assert.ThrowsExactlyAsync<RunRecordFormatException>(() => store.AppendRunAsync(manyJobs));
        var branch = await Assert.ThrowsExactlyAsync<RunRecordFormatException>(() => store.AppendRunAsync(longBranch));

        Assert.AreEqual("jobs", jobs.Field);
        StringAssert.Contains(jobs.Message, manyJobs.Key.ToString());
        StringAssert.Contains(jobs.Message, "at most 1000 jobs per run, found 1001");
        Assert.AreEqual("branch", branch.Field);
        Assert.IsFalse(await store.ContainsRunAsync(manyJobs.Key));
        Assert.IsFalse(await store.ContainsRunAsync(longBranch.Key));
        CollectionAssert.AreEqual(new long?[] { 1 }, (await ReadAllAsync(store, Ci)).Select(r => r.Sequence).ToArray(), "nothing of the refused records is stored, nothing stored before is lost");
    }

    [TestMethod]
    public async Task GetLastRunsAsync_AppendedOutOfOrder_ReturnsNewestOldestFirst()
    {
        var store = await CreateStoreAsync();
        var sequences = Enumerable.Range(1, 30).Select(i => (long)i).ToList();
        var shuffled = sequences.OrderBy(s => (s * 7919) % 31).ToList();
        foreach (var s in shuffled)
        {
            await store.AppendRunAsync(Run(s));
        }

        // A re-run of the newest run is newer than its first attempt.
        await store.AppendRunAsync(Run(30, attempt: 2));

        var last = await store.GetLastRunsAsync(Ci, 5);

        CollectionAssert.AreEqual(
            new[] { "27.1", "28.1", "29.1", "30.1", "30.2" },
            last.Select(r => $"{r.Sequence}.{r.Attempt}").ToArray());
    }

    [TestMethod]
    public async Task GetLastRunsAsync_BackfilledHistory_StillFindsNewest()
    {
        var store = await CreateStoreAsync();
        for (var s = 101; s <= 110; s++)
        {
            await store.AppendRunAsync(Run(s));
        }

        // Older history imported after the newer runs must not push them out.
        for (var s = 1; s <= 20; s++)
        {
            await store.AppendRunAsync(Run(s));
        }

        var last = await store.GetLastRunsAsync(Ci, 3);
        CollectionAssert.AreEqual(new long?[] { 108, 109, 110 }, last.Select(r => r.Sequence).ToArray());

        var all = await store.GetLastRunsAsync(Ci, 1000);
        Assert.HasCount(30, all);
        CollectionAssert.AreEqual(all.OrderBy(r => r.Sequence).ToArray(), all.ToArray());
    }

    [TestMethod]
    public async Task GetLastRunsAsync_UnknownPipelineOrZeroCount_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        await store.AppendRunAsync(Run(1));

        Assert.IsEmpty(await store.GetLastRunsAsync(Ci with { PipelineId = "other.yml" }, 10));
        Assert.IsEmpty(await store.GetLastRunsAsync(Ci, 0));
    }

    [TestMethod]
    public async Task ReadAllRunsAsync_ManyRuns_StreamsAllInCreationOrder()
    {
        var store = await CreateStoreAsync();
        foreach (var s in Enumerable.Range(1, 25).Reverse())
        {
            await store.AppendRunAsync(Run(s));
        }

        await store.AppendRunAsync(Run(1, pipeline: Ci with { PipelineId = "deploy.yml" }));

        var all = await ReadAllAsync(store, Ci);

        CollectionAssert.AreEqual(Enumerable.Range(1, 25).Select(i => (long?)i).ToArray(), all.Select(r => r.Sequence).ToArray());
    }

    [TestMethod]
    public async Task ListPipelinesAsync_SeveralPipelines_ListsEachOnceWithOddCharacters()
    {
        var store = await CreateStoreAsync();
        var odd = new PipelineKey("azure-devops", "My Org", "Project/With Slash", "42");
        await store.AppendRunAsync(Run(1));
        await store.AppendRunAsync(Run(2));
        await store.AppendRunAsync(Run(1, pipeline: odd));

        var pipelines = await store.ListPipelinesAsync();

        Assert.HasCount(2, pipelines);
        CollectionAssert.Contains(pipelines.ToList(), Ci);
        CollectionAssert.Contains(pipelines.ToList(), odd);
        Assert.HasCount(1, await store.GetLastRunsAsync(odd, 10));
    }

    [TestMethod]
    public async Task GetLastRunsAsync_CorruptRecord_ReportedWithKeyOthersStayReadable()
    {
        var store = await CreateStoreAsync();
        for (var s = 1; s <= 6; s++)
        {
            await store.AppendRunAsync(Run(s));
        }

        var key = StoreNames.RecordPath(Ci, StoreNames.RecordName(Run(5)));
        await WriteRawAsync(store, key, Encoding.UTF8.GetBytes("{\"provider\": \"github\", \"runId\": 12"));

        var report = new StoreReadReport();
        var last = await store.GetLastRunsAsync(Ci, 3, report);

        CollectionAssert.AreEqual(new long?[] { 3, 4, 6 }, last.Select(r => r.Sequence).ToArray(), "the corrupt run is skipped and an older one fills its place");
        Assert.HasCount(1, report.Problems);
        StringAssert.Contains(report.Problems[0], key);

        var allReport = new StoreReadReport();
        var all = new List<RunRecord>();
        await foreach (var r in store.ReadAllRunsAsync(Ci, allReport))
        {
            all.Add(r);
        }

        Assert.HasCount(5, all);
        Assert.HasCount(1, allReport.Problems);
        StringAssert.Contains(allReport.Problems[0], key);
    }

    [TestMethod]
    public async Task UpdateDocumentAsync_32ConcurrentWriters_EndsWithExactCount()
    {
        var store = await CreateStoreAsync();
        const int writers = 32;
        var incrementsEach = IncrementsPerWriter;
        using var start = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var i = 0; i < incrementsEach; i++)
            {
                await store.UpdateDocumentAsync("agents/counter.json", TestJson.Default.Counter, c => new Counter((c?.Value ?? 0) + 1));
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var doc = await store.GetDocumentAsync("agents/counter.json");
        Assert.IsNotNull(doc);
        var counter = System.Text.Json.JsonSerializer.Deserialize(doc.Content, TestJson.Default.Counter);
        Assert.AreEqual(writers * incrementsEach, counter!.Value);
    }

    [TestMethod]
    public async Task PutDocumentAsync_IfMatchSemantics_CreateOnlyAndConflictOnStaleETag()
    {
        var store = await CreateStoreAsync();
        var path = "agents/github/octo-org/q.json";

        Assert.IsNull(await store.GetDocumentAsync(path));
        var e1 = await store.PutDocumentAsync(path, Encoding.UTF8.GetBytes("{\"v\":1}"), null);
        var conflict = await Assert.ThrowsExactlyAsync<DocumentConflictException>(() => store.PutDocumentAsync(path, Encoding.UTF8.GetBytes("{\"v\":9}"), null));
        Assert.AreEqual(path, conflict.DocumentPath);

        var read = await store.GetDocumentAsync(path);
        Assert.AreEqual(e1, read!.ETag);
        Assert.AreEqual("{\"v\":1}", read.Text);

        var e2 = await store.PutDocumentAsync(path, Encoding.UTF8.GetBytes("{\"v\":2}"), e1);
        Assert.AreNotEqual(e1, e2);
        await Assert.ThrowsExactlyAsync<DocumentConflictException>(() => store.PutDocumentAsync(path, Encoding.UTF8.GetBytes("{\"v\":3}"), e1));
        await Assert.ThrowsExactlyAsync<DocumentConflictException>(() => store.PutDocumentAsync("agents/missing.json", Encoding.UTF8.GetBytes("{}"), e2));
        Assert.AreEqual("{\"v\":2}", (await store.GetDocumentAsync(path))!.Text);
    }

    [TestMethod]
    public async Task ListDocumentsAsync_AndDelete_SeeOnlyDocuments()
    {
        var store = await CreateStoreAsync();
        await store.AppendRunAsync(Run(1));
        await store.PutDocumentAsync("agents/a.json", "{}"u8.ToArray(), null);
        await store.PutDocumentAsync("agents/sub/b.json", "{}"u8.ToArray(), null);
        await store.PutDocumentAsync("other/c.json", "{}"u8.ToArray(), null);

        CollectionAssert.AreEqual(new[] { "agents/a.json", "agents/sub/b.json" }, (await store.ListDocumentsAsync("agents/")).ToArray());
        Assert.IsFalse((await store.ListDocumentsAsync(string.Empty)).Any(p => p.StartsWith("runs/", StringComparison.Ordinal)));

        await store.DeleteDocumentAsync("agents/a.json");
        await store.DeleteDocumentAsync("agents/a.json");
        Assert.IsNull(await store.GetDocumentAsync("agents/a.json"));
        CollectionAssert.AreEqual(new[] { "agents/sub/b.json" }, (await store.ListDocumentsAsync("agents/")).ToArray());
    }

    [TestMethod]
    [DataRow("../escape.json")]
    [DataRow("agents/../../escape.json")]
    [DataRow("/etc/passwd")]
    [DataRow("C:/windows/x.json")]
    [DataRow("agents//x.json")]
    [DataRow("agents\\x.json")]
    [DataRow("")]
    [DataRow("runs/github/x.json")]
    public async Task PutDocumentAsync_BadPath_ThrowsClearArgumentException(string path)
    {
        var store = await CreateStoreAsync();
        var ex = await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.PutDocumentAsync(path, "{}"u8.ToArray(), null));
        StringAssert.Contains(ex.Message, "is not valid");
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.GetDocumentAsync(path));
    }

    [TestMethod]
    public async Task UpdateDocumentAsync_CorruptDocument_ThrowsWithKeyOthersStayReadable()
    {
        var store = await CreateStoreAsync();
        await store.PutDocumentAsync("agents/good.json", "{\"value\":3}"u8.ToArray(), null);
        await store.PutDocumentAsync("agents/bad.json", "{\"value\":1}"u8.ToArray(), null);
        await WriteRawAsync(store, "agents/bad.json", "{\"value\": tru"u8.ToArray());

        var ex = await Assert.ThrowsExactlyAsync<CorruptStoreItemException>(() =>
            store.UpdateDocumentAsync("agents/bad.json", TestJson.Default.Counter, c => new Counter((c?.Value ?? 0) + 1)));

        Assert.AreEqual("agents/bad.json", ex.Key);
        var good = await store.UpdateDocumentAsync("agents/good.json", TestJson.Default.Counter, c => new Counter((c?.Value ?? 0) + 1));
        Assert.AreEqual(4, good!.Value);
    }

    [TestMethod]
    public async Task ModelRegistry_VersionsImmutableAndCurrentPointerUsesIfMatch()
    {
        var store = await CreateStoreAsync();
        await store.PutModelFileAsync("duration", "v1", "model.onnx", new byte[] { 1, 2, 3 });
        await store.PutModelFileAsync("duration", "v1", "manifest.json", "{}"u8.ToArray());
        await store.PutModelFileAsync("duration", "v1", "model.onnx", new byte[] { 1, 2, 3 });
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => store.PutModelFileAsync("duration", "v1", "model.onnx", new byte[] { 9 }));
        await store.PutModelFileAsync("duration", "v2", "model.onnx", new byte[] { 4 });

        CollectionAssert.AreEquivalent(new[] { "v1", "v2" }, (await store.ListModelVersionsAsync("duration")).ToArray());
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await store.GetModelFileAsync("duration", "v1", "model.onnx"));
        Assert.IsNull(await store.GetModelFileAsync("duration", "v3", "model.onnx"));
        Assert.IsEmpty(await store.ListModelVersionsAsync("none"));

        Assert.IsNull(await store.GetCurrentModelAsync("duration"));
        var e1 = await store.SetCurrentModelAsync("duration", "v1", null);
        await Assert.ThrowsExactlyAsync<DocumentConflictException>(() => store.SetCurrentModelAsync("duration", "v2", null));
        var e2 = await store.SetCurrentModelAsync("duration", "v2", e1);
        await Assert.ThrowsExactlyAsync<DocumentConflictException>(() => store.SetCurrentModelAsync("duration", "v1", e1));
        var current = await store.GetCurrentModelAsync("duration");
        Assert.AreEqual("v2", current!.Text);
        Assert.AreEqual(e2, current.ETag);

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.SetCurrentModelAsync("duration", "v9", e2));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.PutModelFileAsync("../x", "v1", "a", new byte[] { 1 }));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.PutModelFileAsync("duration", "current", "a", new byte[] { 1 }));
    }

    [TestMethod]
    public async Task Description_NeverContainsSecrets()
    {
        var store = await CreateStoreAsync();
        Assert.IsFalse(string.IsNullOrWhiteSpace(store.Description));
        Assert.DoesNotContain("AccountKey", store.Description);
        Assert.DoesNotContain("sig=", store.Description);
    }

    protected static async Task<List<RunRecord>> ReadAllAsync(IPipewiseStore store, PipelineKey pipeline, StoreReadReport? report = null)
    {
        var all = new List<RunRecord>();
        await foreach (var r in store.ReadAllRunsAsync(pipeline, report))
        {
            all.Add(r);
        }

        return all;
    }
}

public sealed record Counter(int Value);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Counter))]
public sealed partial class TestJson : JsonSerializerContext;
