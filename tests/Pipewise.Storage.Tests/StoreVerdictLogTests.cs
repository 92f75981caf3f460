using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Storage.Verdicts;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class StoreVerdictLogTests
{
    private static readonly PipelineKey Key = new("github", "octo", "web/app", "ci.yml");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly List<string> folders = [];

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private LocalFolderStore NewStore()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-verdicts-").FullName;
        folders.Add(folder);
        return new LocalFolderStore(folder);
    }

    private static VerdictRecord Record(int i) => new()
    {
        RunId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        At = Start.AddMinutes(i),
        Verdict = i % 2 == 0 ? Verdict.Pass : Verdict.Warn,
        Mode = GateMode.Enforce,
        Reasons = [new GateReason("failure-risk", Verdict.Warn, 0.61, 0.5, "failure probability 0.61 ≥ warn threshold 0.50")],
        ModelVersion = "bilstm@1",
        Source = "gate",
    };

    [TestMethod]
    public async Task AppendAsync_MoreThanTheBound_KeepsTheMostRecentOldestFirst()
    {
        var store = NewStore();
        var log = StoreVerdictLog.Create(store, maxPerPipeline: 5);
        for (var i = 0; i < 8; i++)
        {
            await log.AppendAsync(Key, Record(i));
        }

        var recent = await log.GetRecentAsync(Key, 10);

        CollectionAssert.AreEqual(new[] { "3", "4", "5", "6", "7" }, recent.Select(r => r.RunId).ToArray());
        Assert.AreEqual(0.61, recent[0].Reasons[0].Measured);
        Assert.AreEqual(Verdict.Warn, recent[0].Verdict);
        Assert.HasCount(2, await log.GetRecentAsync(Key, 2));
        Assert.AreEqual("verdicts/github%2Focto%2Fweb%252Fapp%2Fci.yml.json", StoreVerdictLog.PathOf(Key), "one path segment whatever the key holds");
    }

    [TestMethod]
    public async Task AppendAsync_ConcurrentWriters_LoseNothing()
    {
        var store = NewStore();
        var log = StoreVerdictLog.Create(store);

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => log.AppendAsync(Key, Record(i)))));

        Assert.HasCount(24, await log.GetRecentAsync(Key, 100));
    }
}
