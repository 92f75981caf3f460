using Pipewise.Hosting.TestResults;
using static Pipewise.Hosting.Tests.TestFiles;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class TestResultReaderTests
{
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
}
