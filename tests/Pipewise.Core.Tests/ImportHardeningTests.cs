using System.IO.Compression;
using System.Text;
using Pipewise.Core.Import;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Tests;

/// <summary>Issue 17, defects 4, 5, 6 and 10: every bad value is a row, a broken file is an error naming it.</summary>
[TestClass]
public sealed class ImportHardeningTests
{
    private const string TravisHeader = ImportFolder.TravisHeader;
    private const string JenkinsMap = "pipeline=job,run_id=build,started_at=start,duration=secs,result=status";

    private ImportFolder folder = null!;

    private string dir => folder.Path;

    [TestInitialize]
    public void Init() => folder = new ImportFolder();

    [TestCleanup]
    public void Cleanup() => folder.Dispose();

    private string Write(string name, string text) => folder.Write(name, text);

    private static string Travis(long id, string started = "2019-02-12T19:31:14Z", string project = "octo/app") =>
        $"{project},go,{id},abc,,master,passed,60,{started},push,1,,,,,,,,,,,,";

    [TestMethod]
    public async Task Travis_HugeEpochAndLongProject_AreMalformedRowsAndTheRestIsStored()
    {
        var path = Write("t.csv", TravisHeader + "\n" + Travis(1) + "\n" + Travis(2, "99999999999999999") + "\n" +
            Travis(3, project: "octo/" + new string('r', 300)) + "\n" + Travis(4, "-99999999999999") + "\n" + Travis(5) + "\n");
        var store = new InMemoryStore();

        var summary = await new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path));

        Assert.AreEqual(2, summary.Imported);
        CollectionAssert.AreEqual(new long[] { 3, 4, 5 }, summary.MalformedRows.Select(m => m.Line).ToArray(), string.Join("; ", summary.MalformedRows));
        StringAssert.Contains(summary.MalformedRows[0].Reason, "started_at");
        StringAssert.Contains(summary.MalformedRows[1].Reason, "255");
        Assert.AreEqual(2, store.RunCount);
    }

    [TestMethod]
    public async Task MappedCsv_HugeDurationAndLongRunId_AreMalformedRows()
    {
        var path = Write("j.csv", "job,build,start,secs,status\n" +
            "web,1,2026-03-01T10:00:00Z,60,SUCCESS\n" +
            "web,2,2026-03-01T10:00:00Z,1e300,SUCCESS\n" +
            "web," + new string('9', 200) + "x,2026-03-01T10:00:00Z,60,SUCCESS\n" +
            "web,4,2026-03-01T10:00:00Z,60,SUCCESS\n");
        var store = new InMemoryStore();

        var summary = await new RunImporter(store).ImportAsync(MappedCsvParser.ParseAsync(path, MappedCsvParser.ParseMap(JenkinsMap)));

        Assert.AreEqual(2, summary.Imported);
        CollectionAssert.AreEqual(new long[] { 3, 4 }, summary.MalformedRows.Select(m => m.Line).ToArray(), string.Join("; ", summary.MalformedRows));
        StringAssert.Contains(summary.MalformedRows[0].Reason, "duration");
        StringAssert.Contains(summary.MalformedRows[1].Reason, "runId");
    }

    [TestMethod]
    public async Task Travis_DuplicateHeaderColumn_IsAHeaderErrorNamingFileAndColumn()
    {
        var path = Write("dup.csv", TravisHeader + ",status\n" + Travis(1) + ",x\n");

        var ex = await Assert.ThrowsExactlyAsync<FormatException>(() => new RunImporter(new InMemoryStore()).ImportAsync(TravisTorrentParser.ParseAsync(path)));

        StringAssert.Contains(ex.Message, "dup.csv");
        StringAssert.Contains(ex.Message, "'status'");
    }

    private string Gzip(string name, string text, Func<byte[], byte[]> damage)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, damage(ms.ToArray()));
        return path;
    }

    private static string Rows(int n) => TravisHeader + "\n" + string.Join("\n", Enumerable.Range(1, n).Select(i => Travis(i))) + "\n";

    [TestMethod]
    public async Task Gzip_Truncated_IsAnErrorNamingFileAndOffset()
    {
        byte[]? original = null;
        var path = Gzip("t.csv.gz", Rows(2000), b => (original = b)[..(b.Length / 2)]);
        var store = new InMemoryStore();

        var ex = await Assert.ThrowsExactlyAsync<FormatException>(() => new RunImporter(store).ImportAsync(TravisTorrentParser.ParseAsync(path)));

        StringAssert.Contains(ex.Message, "t.csv.gz");
        StringAssert.Contains(ex.Message, $"byte {original!.Length / 2}");
        StringAssert.Contains(ex.Message, "truncated");
    }

    [TestMethod]
    public async Task Gzip_TrailerCut_IsAnErrorEvenWhenAllRowsDecompress()
    {
        var path = Gzip("t.csv.gz", Rows(20), b => b[..^4]);

        var ex = await Assert.ThrowsExactlyAsync<FormatException>(() => new RunImporter(new InMemoryStore()).ImportAsync(TravisTorrentParser.ParseAsync(path)));

        StringAssert.Contains(ex.Message, "truncated");
        StringAssert.Contains(ex.Message, "byte");
    }

    [TestMethod]
    public async Task Gzip_TrailingGarbage_NamesTheOffsetWhereItStarts()
    {
        var length = 0;
        var path = Gzip("g.csv.gz", Rows(20), b => [.. b, .. (length = b.Length) > 0 ? "garbage"u8.ToArray() : []]);

        var ex = await Assert.ThrowsExactlyAsync<FormatException>(() => new RunImporter(new InMemoryStore()).ImportAsync(TravisTorrentParser.ParseAsync(path)));

        StringAssert.Contains(ex.Message, "g.csv.gz");
        StringAssert.Contains(ex.Message, $"at byte {length}");
    }

    [TestMethod]
    public async Task Gzip_TwoMembers_AreOneValidFile()
    {
        var ms = new MemoryStream();
        foreach (var part in new[] { TravisHeader + "\n" + Travis(1) + "\n", Travis(2) + "\n" })
        {
            using var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true);
            gz.Write(Encoding.UTF8.GetBytes(part));
        }

        var path = Path.Combine(dir, "two.csv.gz");
        File.WriteAllBytes(path, ms.ToArray());

        var summary = await new RunImporter(new InMemoryStore()).ImportAsync(TravisTorrentParser.ParseAsync(path));

        Assert.AreEqual(2, summary.Imported);
    }

    [TestMethod]
    public void GitHubRuns_TypeError_NamesTheJsonPathAndWhatWasExpected()
    {
        var path = Write("page.json", """{"workflow_runs":[{"id":"12","repository":{"name":"r","owner":{"login":"o"}},"workflow_id":5},{"id":13,"run_attempt":"two","repository":{"name":"r","owner":{"login":"o"}},"workflow_id":5}]}""");

        var runs = GitHubRunsParser.Parse(path).ToList();

        StringAssert.Contains(runs[0].Error, "$.workflow_runs[0].id");
        StringAssert.Contains(runs[0].Error, "expected an integer");
        StringAssert.Contains(runs[0].Error, "string");
        StringAssert.Contains(runs[1].Error, "$.workflow_runs[1].run_attempt");
    }

    [TestMethod]
    public async Task GitHubRuns_ConflictingDuplicate_IsAConflictRowAndTheFirstIsKept()
    {
        const string Run = """{"id":7,"repository":{"name":"r","owner":{"login":"o"}},"workflow_id":5,"status":"completed","conclusion":"CONCLUSION","created_at":"2026-01-01T00:00:00Z"}""";
        var path = Write("page.json", "[" + Run.Replace("CONCLUSION", "success", StringComparison.Ordinal) + "," + Run.Replace("CONCLUSION", "success", StringComparison.Ordinal) + "," + Run.Replace("CONCLUSION", "failure", StringComparison.Ordinal) + "]");
        var store = new InMemoryStore();

        var summary = await new RunImporter(store).ImportAsync(GitHubRunsParser.Parse(path).ToAsyncEnumerable());

        Assert.AreEqual(1, summary.Imported);
        Assert.AreEqual(1, summary.Duplicates, "an identical duplicate is only already stored");
        Assert.AreEqual(1, summary.Malformed);
        Assert.AreEqual(3, summary.MalformedRows[0].Line);
        StringAssert.Contains(summary.MalformedRows[0].Reason, "conflict");
        StringAssert.Contains(summary.MalformedRows[0].Reason, "page.json:1");
        var kept = await store.GetLastRunsAsync(new Runs.PipelineKey("github", "o", "r", "5"), 10);
        Assert.AreEqual(Runs.RunResult.Succeeded, kept.Single().Result);
    }

    [TestMethod]
    [DataRow("1670740014.0")]
    [DataRow("1670740014")]
    [DataRow("1670740014000")]
    [DataRow("1670740014000.0")]
    [DataRow("2022-12-11T06:26:54Z")]
    public async Task MappedCsv_UnixSecondsWithFractionAndMilliseconds_AreTheSameTime(string start)
    {
        var path = Write("j.csv", $"job,build,start,secs,status\nweb,1,{start},60,SUCCESS\n");

        var runs = await MappedCsvParser.ParseAsync(path, MappedCsvParser.ParseMap(JenkinsMap)).ToListAsync();

        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1670740014), runs.Single().Run?.StartedAt, runs.Single().Error);
    }

    [TestMethod]
    public async Task MappedCsv_ExplicitTimeFormat_ReadsThatForm()
    {
        var path = Write("j.csv", "job,build,start,secs,status\nweb,1,11.12.2022 06:26:54,60,SUCCESS\nweb,2,1670740014000,60,SUCCESS\n");

        var custom = await MappedCsvParser.ParseAsync(path, MappedCsvParser.ParseMap(JenkinsMap), "jenkins", TimeFormat.Parse("dd.MM.yyyy HH:mm:ss")).ToListAsync();
        var ms = await MappedCsvParser.ParseAsync(path, MappedCsvParser.ParseMap(JenkinsMap), "jenkins", TimeFormat.Parse("unix-ms")).ToListAsync();

        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1670740014), custom[0].Run?.StartedAt, custom[0].Error);
        StringAssert.Contains(custom[1].Error, "dd.MM.yyyy");
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1670740014), ms[1].Run?.StartedAt, ms[1].Error);
    }
}
