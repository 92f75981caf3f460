using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class ImportTests
{
    private const string TravisHeader = ImportFolder.TravisHeader;

    private ImportFolder folder = null!;

    private string dir => folder.Path;

    [TestInitialize]
    public void Init() => folder = new ImportFolder();

    [TestCleanup]
    public void Cleanup() => folder.Dispose();

    private string Write(string name, string text) => folder.Write(name, text);

    [TestMethod]
    public async Task TravisTorrent_ValidRows_MapToRunRecordsWithNullsForUnknowns()
    {
        var path = Write("t.csv", TravisHeader + "\n" +
            "octo/app,go,100,abc,,master,passed,323,2019-02-12T19:31:14Z,push,2,1,1,0,0,1,10,9,1,0,0.5,7.0,gotest\n" +
            "octo/app,go,101,def,7,\"feature,with,commas\",errored,0,2019-02-13T10:00:00Z,pull_request,1,,,,,,,,,,,,\n");

        var runs = await TravisTorrentParser.ParseAsync(path).ToListAsync();

        Assert.HasCount(2, runs);
        var first = runs[0].Run!;
        Assert.AreEqual("octo", first.Organization);
        Assert.AreEqual("app", first.Repository);
        Assert.AreEqual("octo/app", first.PipelineName);
        Assert.AreEqual(RunResult.Succeeded, first.Result);
        Assert.AreEqual(323, first.DurationSeconds);
        Assert.HasCount(2, first.Jobs);
        Assert.AreEqual(1, first.Tests!.Failed);
        var second = runs[1].Run!;
        Assert.AreEqual("feature,with,commas", second.Branch);
        Assert.AreEqual(RunResult.Failed, second.Result);
        Assert.AreEqual("errored", second.Properties!["travisStatus"]);
        Assert.IsNull(second.DurationSeconds, "a 0 duration is unknown, not 0");
        Assert.IsNull(second.Tests, "no test columns means unknown tests");
        Assert.AreEqual(7, second.PullRequest);
        Assert.AreEqual("pull_request", second.Event);
    }

    [TestMethod]
    public async Task Import_MalformedRows_AreCountedWithLineNumbersAndTheRestIsStored()
    {
        var path = Write("t.csv", TravisHeader + "\n" +
            "octo/app,go,100,abc,,master,passed,323,2019-02-12T19:31:14Z,push,1,,,,,,,,,,,,\n" +
            "octo/app,go,notanumber,abc,,master,passed,323,2019-02-12T19:31:14Z,push,1,,,,,,,,,,,,\n" +
            "octo/app,go,102,abc,,master,exploded,323,2019-02-12T19:31:14Z,push,1,,,,,,,,,,,,\n" +
            "octo/app,go,103,abc,,master,passed,323,yesterday,push,1,,,,,,,,,,,,\n" +
            "octo/app,go,104,abc,,master,passed,30,2019-02-14T19:31:14Z,push,1,,,,,,,,,,,,\n");
        var store = new InMemoryStore();

        var summary = await new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path));

        Assert.AreEqual(5, summary.Rows);
        Assert.AreEqual(2, summary.Imported);
        Assert.AreEqual(3, summary.Malformed);
        CollectionAssert.AreEqual(new long[] { 3, 4, 5 }, summary.MalformedRows.Select(m => m.Line).ToArray());
        StringAssert.Contains(summary.MalformedRows[0].Reason, "build_id");
        StringAssert.Contains(summary.MalformedRows[1].Reason, "exploded");
        StringAssert.Contains(summary.MalformedRows[2].Reason, "started_at");
        Assert.AreEqual(2, store.RunCount);
    }

    [TestMethod]
    public async Task Import_SameFileTwice_LeavesTheSameRuns()
    {
        var path = Write("t.csv", TravisHeader + "\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i =>
            $"octo/app{i % 3},go,{1000 + i},abc,,master,passed,{60 + i},2019-02-12T19:31:14Z,push,1,,,,,,,,,,,,")) + "\n");
        var store = new InMemoryStore();

        var first = await new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path));
        var second = await new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path));

        Assert.AreEqual(300, first.Imported);
        Assert.AreEqual(0, second.Imported);
        Assert.AreEqual(300, second.Duplicates);
        Assert.AreEqual(300, store.RunCount);
        Assert.AreEqual(3, first.Pipelines);
    }

    [TestMethod]
    public async Task Import_StoreOutageMidway_FailsClearlyAndResumesWithoutDuplicates()
    {
        var path = Write("t.csv", TravisHeader + "\n" + string.Join("\n", Enumerable.Range(0, 500).Select(i =>
            $"octo/app,go,{1000 + i},abc,,master,passed,{60 + i},2019-02-12T19:31:14Z,push,1,,,,,,,,,,,,")) + "\n");
        var memory = new InMemoryStore();
        var store = new FaultInjectingStore(memory) { FailAfterAppends = 200 };

        var ex = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path)));
        StringAssert.Contains(ex.Message, "run the same import again to resume");
        Assert.AreEqual(200, memory.RunCount);

        store.FailAfterAppends = null;
        var resumed = await new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path));

        Assert.AreEqual(300, resumed.Imported);
        Assert.AreEqual(200, resumed.Duplicates);
        Assert.AreEqual(500, memory.RunCount);
    }

    [TestMethod]
    public async Task MappedCsv_JenkinsStyleExport_UsesTheMap()
    {
        var path = Write("jenkins.csv",
            "job,build,start,secs,status,git_branch\n" +
            "web/deploy,41,2026-03-01T10:00:00Z,120,SUCCESS,main\n" +
            "web/deploy,42,1772359200,95.5,FAILURE,main\n" +
            "web/deploy,43,2026-03-01T12:00:00Z,,ABORTED,main\n");
        var map = MappedCsvParser.ParseMap("pipeline=job,run_id=build,started_at=start,duration=secs,result=status,branch=git_branch");

        var runs = await MappedCsvParser.ParseAsync(path, map, "jenkins").ToListAsync();

        Assert.AreEqual(RunResult.Succeeded, runs[0].Run!.Result);
        Assert.AreEqual(120, runs[0].Run!.EffectiveDurationSeconds);
        Assert.AreEqual(RunResult.Failed, runs[1].Run!.Result);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), runs[1].Run!.StartedAt);
        Assert.AreEqual("jenkins", runs[1].Run!.Provider);
        Assert.IsNull(runs[2].Run);
        StringAssert.Contains(runs[2].Error, "duration");
        Assert.AreEqual(4, runs[2].Line);
    }

    [TestMethod]
    public void MappedCsv_MapWithoutRequiredField_NamesIt()
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => MappedCsvParser.ParseMap("pipeline=job,run_id=build,result=status,duration=secs"));

        StringAssert.Contains(ex.Message, "started_at");
    }

    [TestMethod]
    public async Task MappedCsv_UnknownColumn_NamesColumnAndHeader()
    {
        var path = Write("x.csv", "a,b\n1,2\n");
        var map = MappedCsvParser.ParseMap("pipeline=a,run_id=b,started_at=when,result=b,duration=b");

        var ex = await Assert.ThrowsExactlyAsync<FormatException>(async () => await MappedCsvParser.ParseAsync(path, map).ToListAsync());

        StringAssert.Contains(ex.Message, "'when'");
        StringAssert.Contains(ex.Message, "x.csv");
    }

    [TestMethod]
    public void GitHubRuns_PublishedExamplePage_ParsesRuns()
    {
        var path = SharedFiles.Require("fixtures/github/rest/actions-list-workflow-runs-for-repo.json");

        var runs = GitHubRunsParser.Parse(path).ToList();

        Assert.IsNotEmpty(runs);
        Assert.IsTrue(runs.All(r => r.Run is not null), string.Join("; ", runs.Select(r => r.Error)));
        var run = runs[0].Run!;
        Assert.AreEqual("github", run.Provider);
        Assert.AreEqual("octocat", run.Organization);
        Assert.AreEqual("Hello-World", run.Repository);
        Assert.IsNotNull(run.StartedAt);
    }

    [TestMethod]
    public void GitHubRuns_RunMissingRepository_IsMalformedWithPosition()
    {
        var path = Write("page.json", """{"total_count":2,"workflow_runs":[{"id":1,"repository":{"name":"r","owner":{"login":"o"}},"workflow_id":5,"status":"completed","conclusion":"success","created_at":"2026-01-01T00:00:00Z"},{"id":2}]}""");

        var runs = GitHubRunsParser.Parse(path).ToList();

        Assert.IsNotNull(runs[0].Run);
        Assert.IsNull(runs[1].Run);
        Assert.AreEqual(2, runs[1].Line);
        StringAssert.Contains(runs[1].Error, "repository");
    }

    [TestMethod]
    public async Task TravisTorrent_SharedGoFile_FirstRowsImport()
    {
        var path = SharedFiles.Require("data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz");

        var runs = await TravisTorrentParser.ParseAsync(path).Take(2000).ToListAsync();

        Assert.AreEqual(0, runs.Count(r => r.Run is null), string.Join("; ", runs.Where(r => r.Run is null).Take(3).Select(r => $"{r.Line}: {r.Error}")));
        Assert.IsTrue(runs.Select(r => r.Run!.Pipeline).Distinct().Count() > 1);
    }
}
