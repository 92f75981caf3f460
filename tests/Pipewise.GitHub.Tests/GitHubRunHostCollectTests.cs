using Pipewise.Hosting.Monitoring;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

/// <summary>What the GitHub host adds to the collected run from the job's files (the shared reader's own tests are in Pipewise.Hosting.Tests).</summary>
[TestClass]
public sealed class GitHubRunHostCollectTests
{
    private const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Failed">
            <Counters total="10" executed="9" passed="7" failed="1" error="0" timeout="1" aborted="0" />
          </ResultSummary>
        </TestRun>
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CollectAsync_TestResultsGlob_FillsRunTests()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner();
        File.WriteAllText(Path.Combine(runner.Workspace, "results.trx"), Trx);

        var run = await runner.Host(server.BaseUrl, tests: "*.trx").CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual(10, run.Tests!.Total);
        Assert.AreEqual(2, run.Tests.Failed);
    }

    [TestMethod]
    public async Task CollectAsync_MonitorSamples_BecomeRunResources()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner();
        var dir = Path.Combine(runner.Root, "_temp", "pipewise-monitor");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, SamplesFile.Name),
            "{\"at\":\"2026-11-25T12:00:00+00:00\",\"cpuPercent\":50,\"memoryUsedMb\":1000}\n" +
            "{\"at\":\"2026-11-25T12:00:05+00:00\",\"cpuPercent\":70,\"memoryUsedMb\":1100}\n" +
            "{\"at\":\"2026-11-25T12:00:1");

        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.HasCount(2, run.Resources!, "a line cut by a kill is skipped");
        Assert.AreEqual(70, run.Resources![1].CpuPercent);
    }
}
