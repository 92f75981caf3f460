using Pipewise.AzureDevOps;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.GitHub;
using Pipewise.Hosting.CiHosts;
using Pipewise.Hosting.Monitoring;
using Pipewise.Hosting.Secrets;
using Pipewise.Testing;

namespace Pipewise.Hosting.Tests;

/// <summary>
/// The same JUnit and TRX files and the same resource samples give the same RunRecord fields on GitHub Actions and on
/// Azure Pipelines, through each platform's own CI host, collector and replayed REST API.
/// </summary>
[TestClass]
public sealed class CrossHostTests
{
    private const string Glob = "**/TestResults/*.trx;**/TestResults/*.xml";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CollectAsync_SameFilesOnBothHosts_SameTestsAndResources()
    {
        await using var server = await ReplayServer.StartAsync();
        server.MapGitHubRun().MapAzureBuild();
        using var github = new TempDir();
        using var azure = new TempDir();
        WriteJobFiles(github);
        WriteJobFiles(azure);

        var gitHubRun = await CollectAsync(HostJobs.GitHub(github, server.BaseUrl), env => new GitHubActionsHost(env));
        var azureRun = await CollectAsync(HostJobs.Azure(azure, new Uri(server.BaseUrl, "fabrikam/")), env => new AzurePipelinesHost(env));

        Assert.AreEqual("github", gitHubRun.Provider);
        Assert.AreEqual("azure-devops", azureRun.Provider);
        foreach (var run in new[] { gitHubRun, azureRun })
        {
            // JUnit: 5 cases (2 failed, 1 skipped, 1 flaky, 12.5 s); TRX: 10 (7 passed, 2 failed, 1 skipped, 30.5 s).
            // On Azure the files replace the 69 results of the replayed test runs API: nothing is counted twice.
            Assert.AreEqual(new TestSummary { Total = 15, Passed = 9, Failed = 4, Skipped = 2, Flaky = 1, DurationSeconds = 43 }, run.Tests, run.Provider);
            Assert.HasCount(2, run.Resources!, "a line cut by a kill is skipped");
        }

        CollectionAssert.AreEqual(gitHubRun.Resources!.ToArray(), azureRun.Resources!.ToArray());
        Assert.AreEqual(70, azureRun.Resources![1].CpuPercent);
        Assert.AreEqual(1.5, azureRun.Resources[1].DiskReadMbPerSecond);
    }

    [TestMethod]
    public async Task CollectAsync_RunningSampler_IsStoppedByEitherHost()
    {
        if (!File.Exists("/bin/sleep"))
        {
            Assert.Inconclusive("needs /bin/sleep as a stand-in sampler process");
        }

        await using var server = await ReplayServer.StartAsync();
        server.MapGitHubRun().MapAzureBuild();
        using var github = new TempDir();
        using var azure = new TempDir();
        var jobs = new (TempDir Dir, Dictionary<string, string?> Env, Func<IReadOnlyDictionary<string, string?>, CiHost> Host)[]
        {
            (github, HostJobs.GitHub(github, server.BaseUrl), env => new GitHubActionsHost(env)),
            (azure, HostJobs.Azure(azure, new Uri(server.BaseUrl, "fabrikam/")), env => new AzurePipelinesHost(env)),
        };

        foreach (var (dir, env, host) in jobs)
        {
            var monitor = Path.Combine(dir.Path, "_temp", "pipewise-monitor");
            ResourceMonitor.Start(monitor, "/bin/sleep", ["600"]);
            Assert.IsTrue(ResourceMonitor.IsRunning(monitor, out _));

            var run = await CollectAsync(env, host);

            Assert.IsFalse(ResourceMonitor.IsRunning(monitor, out _), $"{run.Provider}: the run step stops the sampler");
            Assert.IsTrue(File.Exists(Path.Combine(monitor, ResourceMonitor.StopFile)));
        }
    }

    private static void WriteJobFiles(TempDir dir)
    {
        dir.Write("work/a/TestResults/run.trx", TestFiles.Trx);
        dir.Write("work/b/TestResults/junit.xml", TestFiles.JUnit);
        dir.Write("_temp/pipewise-monitor/" + SamplesFile.Name, TestFiles.Samples);
    }

    /// <summary>Collects through the CI host as <c>pipewise run</c> does: its token, one masker, its run host.</summary>
    private async Task<RunRecord> CollectAsync(Dictionary<string, string?> env, Func<IReadOnlyDictionary<string, string?>, CiHost> create)
    {
        var ciHost = create(env);
        Assert.IsTrue(ciHost.IsDetected);
        using var output = new StringWriter();
        var settings = new RunHostSettings { Environment = env, Token = ciHost.Token, TestResultsGlob = Glob, Output = output };
        var runHost = ciHost.CreateRunHost(settings, SecretMasker.ForRun(ciHost.Token, env));
        try
        {
            return await runHost.CollectAsync(TestContext.CancellationToken);
        }
        finally
        {
            (runHost as IDisposable)?.Dispose();
        }
    }
}
