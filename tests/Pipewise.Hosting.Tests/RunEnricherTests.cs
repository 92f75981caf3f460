using Pipewise.Core.Runs;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class RunEnricherTests
{
    private static readonly RunRecord Run = new()
    {
        Provider = "azure-devops",
        Organization = "fabrikam",
        Repository = "web",
        PipelineId = "25",
        RunId = "391",
        Tests = new TestSummary { Total = 69, Passed = 23, Failed = 23, Skipped = 23 },
    };

    [TestMethod]
    public void AddTo_MatchingFiles_ReplaceTheApiCountsAndSamplesAreAdded()
    {
        using var dir = new TempDir();
        dir.Write("work/TestResults/run.trx", TestFiles.Trx);
        dir.Write("monitor/" + SamplesFile.Name, TestFiles.Samples);
        var log = new List<string>();

        var run = Enricher(dir, "**/*.trx", log).AddTo(Run);

        Assert.AreEqual(10, run.Tests!.Total);
        Assert.HasCount(2, run.Resources!);
        Assert.IsEmpty(log);
    }

    [TestMethod]
    public void AddTo_NoFileMatches_KeepsTheApiCountsAndSaysSo()
    {
        using var dir = new TempDir();
        var log = new List<string>();

        var run = Enricher(dir, "**/*.trx", log).AddTo(Run);

        Assert.AreEqual(69, run.Tests!.Total);
        Assert.IsNull(run.Resources);
        StringAssert.Contains(log.Single(), "No test result files matched '**/*.trx'");
    }

    [TestMethod]
    public void AddTo_NoGlob_ReadsNoTestFiles()
    {
        using var dir = new TempDir();
        dir.Write("work/TestResults/run.trx", TestFiles.Trx);

        var run = Enricher(dir, null, []).AddTo(Run);

        Assert.AreSame(Run.Tests, run.Tests);
    }

    private static RunEnricher Enricher(TempDir dir, string? glob, List<string> log) => new()
    {
        TestResultsGlob = glob,
        BaseDirectory = Path.Combine(dir.Path, "work"),
        MonitorDirectory = Path.Combine(dir.Path, "monitor"),
        Log = log.Add,
    };
}
