using Pipewise.GitHub.TestResults;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class TestResultReaderTests
{
    private const string JUnit = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites time="12.5">
          <testsuite name="a" tests="4" failures="1" errors="0" skipped="1" time="10">
            <testcase name="ok1" time="1"/>
            <testcase name="bad"><failure message="boom"/></testcase>
            <testcase name="skip"><skipped/></testcase>
            <testcase name="flaky"><flakyFailure message="first try"/></testcase>
          </testsuite>
          <testsuite name="b" tests="1" time="2.5">
            <testcase name="err"><error message="crash"/></testcase>
          </testsuite>
        </testsuites>
        """;

    private const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Times creation="2026-11-25T10:00:00.000+00:00" start="2026-11-25T10:00:01.000+00:00" finish="2026-11-25T10:00:31.500+00:00" />
          <ResultSummary outcome="Failed">
            <Counters total="10" executed="9" passed="7" failed="1" error="0" timeout="1" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="1" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
          </ResultSummary>
        </TestRun>
        """;

    [TestMethod]
    public void ReadFile_JUnit_CountsTestCases()
    {
        using var dir = new TempDir();
        var t = TestResultReader.ReadFile(dir.Write("junit.xml", JUnit));
        Assert.AreEqual(5, t.Total);
        Assert.AreEqual(2, t.Failed);
        Assert.AreEqual(1, t.Skipped);
        Assert.AreEqual(2, t.Passed);
        Assert.AreEqual(1, t.Flaky);
        Assert.AreEqual(12.5, t.DurationSeconds);
    }

    [TestMethod]
    public void ReadFile_Trx_ReadsCountersAndTimes()
    {
        using var dir = new TempDir();
        var t = TestResultReader.ReadFile(dir.Write("run.trx", Trx));
        Assert.AreEqual(10, t.Total);
        Assert.AreEqual(7, t.Passed);
        Assert.AreEqual(2, t.Failed);
        Assert.AreEqual(1, t.Skipped);
        Assert.AreEqual(30.5, t.DurationSeconds);
    }

    [TestMethod]
    public void ReadGlob_SeveralFilesAndABadOne_SumsAndNamesTheBadFile()
    {
        using var dir = new TempDir();
        dir.Write("a/TestResults/one.trx", Trx);
        dir.Write("b/c/TestResults/two.xml", JUnit);
        dir.Write("b/TestResults/broken.xml", "<testsuites><testsuite tests=\"x\"");
        dir.Write("other/ignored.txt", "no");

        var (summary, problems) = TestResultReader.ReadGlob("**/TestResults/*.trx\n**/TestResults/*.xml", dir.Path);

        Assert.IsNotNull(summary);
        Assert.AreEqual(15, summary.Total);
        Assert.AreEqual(4, summary.Failed);
        Assert.AreEqual(43, summary.DurationSeconds);
        var problem = problems.Single();
        StringAssert.Contains(problem, "broken.xml");
    }

    [TestMethod]
    public void ReadGlob_NothingMatches_ReportsTheGlob()
    {
        using var dir = new TempDir();
        var (summary, problems) = TestResultReader.ReadGlob("**/*.trx", dir.Path);
        Assert.IsNull(summary);
        StringAssert.Contains(problems.Single(), "**/*.trx");
    }

    [TestMethod]
    public void ReadFile_Doctype_IsRefused()
    {
        using var dir = new TempDir();
        var path = dir.Write("evil.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite tests=\"1\"><testcase name=\"&e;\"/></testsuite>");
        var (summary, problems) = TestResultReader.ReadFiles([path]);
        Assert.IsNull(summary);
        StringAssert.Contains(problems.Single(), "evil.xml");
    }

    [TestMethod]
    [DataRow("**/TestResults/*.trx", "x/y/TestResults/a.trx", true)]
    [DataRow("**/TestResults/*.trx", "TestResults/a.trx", true)]
    [DataRow("**/TestResults/*.trx", "TestResults/sub/a.trx", false)]
    [DataRow("./out/*.xml", "out/junit.xml", true)]
    [DataRow("out/?.xml", "out/ab.xml", false)]
    [DataRow("reports/**", "reports/a/b/c.xml", true)]
    public void ToRegex_Globs_MatchLikeShellGlobs(string glob, string path, bool expected) =>
        Assert.AreEqual(expected, FileGlob.ToRegex(glob.StartsWith("./", StringComparison.Ordinal) ? glob[2..] : glob).IsMatch(path));

    [TestMethod]
    public async Task CollectAsync_TestResultsGlob_FillsRunTests()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner();
        File.WriteAllText(Path.Combine(runner.Workspace, "results.trx"), Trx);

        var run = await runner.Host(server.BaseUrl, tests: "*.trx").CollectAsync();

        Assert.AreEqual(10, run.Tests!.Total);
        Assert.AreEqual(2, run.Tests.Failed);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pipewise-tests-").FullName;

        public string Write(string relative, string content)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
