using Pipewise.AzureDevOps;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.GitHub;
using Pipewise.Hosting.CiHosts;
using Pipewise.Hosting.Secrets;
using Pipewise.Testing;

namespace Pipewise.Hosting.Tests;

/// <summary>A run that cannot be collected reaches the host's report path: a warning and every output, empty but present.</summary>
[TestClass]
public sealed class CollectionFailureTests
{
    private static readonly string[] OutputNames = ["risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ExecuteAsync_GitHubRunnerEnvironmentMissing_WarnsAndWritesEveryOutput()
    {
        using var dir = new TempDir();
        var outputPath = dir.Write("set_output", string.Empty);
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputPath, ["INPUT_TOKEN"] = HostJobs.GitHubToken };
        using var log = new StringWriter();

        var ex = await RunAsync(new GitHubActionsHost(env), env, log, failClosed: false);

        Assert.IsInstanceOfType<GitHubConfigurationException>(ex, "the caller still sees the failure, for its exit code");
        var lines = log.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.AreEqual("::add-mask::" + HostJobs.GitHubToken, lines[0]);
        var warning = lines.Single(l => l.StartsWith("::warning ", StringComparison.Ordinal));
        StringAssert.StartsWith(warning, "::warning title=Pipewise could not collect this run::Pipewise could not score this run (the run could not be collected: GITHUB_REPOSITORY is not set");
        StringAssert.Contains(warning, "failing open");
        var outputs = HostJobs.GitHubOutputs(outputPath);
        CollectionAssert.AreEqual(OutputNames, outputs.Keys.ToArray());
        AssertEmptyOutputs(outputs, "pass");
    }

    [TestMethod]
    public async Task ExecuteAsync_GitHubApiRefusesFailClosed_VerdictFailInTheOutputs()
    {
        await using var server = await ReplayServer.StartAsync();
        using var dir = new TempDir();
        var env = HostJobs.GitHub(dir, server.BaseUrl);
        using var log = new StringWriter();

        var ex = await RunAsync(new GitHubActionsHost(env), env, log, failClosed: true);

        Assert.IsNotNull(ex);
        StringAssert.Contains(log.ToString(), "::warning title=Pipewise could not collect this run::");
        StringAssert.Contains(log.ToString(), "fail-closed is set");
        AssertEmptyOutputs(HostJobs.GitHubOutputs(env["GITHUB_OUTPUT"]!), "fail");
        Assert.IsFalse(log.ToString().Split('\n').Skip(1).Any(l => l.Contains(HostJobs.GitHubToken, StringComparison.Ordinal)), "the token appears only in add-mask");
    }

    [TestMethod]
    public async Task ExecuteAsync_AzureWithoutCollectionUrl_WarnsAndSetsEveryOutputVariable()
    {
        var env = new Dictionary<string, string?> { ["TF_BUILD"] = "True" };
        using var log = new StringWriter();

        var ex = await RunAsync(new AzurePipelinesHost(env), env, log, failClosed: false);

        Assert.IsInstanceOfType<InvalidOperationException>(ex);
        var warning = log.ToString().Split('\n').Single(l => l.StartsWith("##vso[task.logissue type=warning]", StringComparison.Ordinal));
        StringAssert.Contains(warning, "SYSTEM_COLLECTIONURI");
        StringAssert.Contains(warning, "failing open");
        var outputs = HostJobs.AzureOutputs(log.ToString());
        CollectionAssert.AreEqual(new[] { "risk", "verdict", "expectedDuration", "anomaly", "strategy", "suggestions", "modelVersion" }, outputs.Keys.ToArray());
        AssertEmptyOutputs(outputs, "pass");
    }

    [TestMethod]
    public async Task ExecuteAsync_AzureApiRefuses_WarnsWithTheApiErrorAndSetsEveryOutputVariable()
    {
        await using var server = await ReplayServer.StartAsync();
        using var dir = new TempDir();
        var env = HostJobs.Azure(dir, new Uri(server.BaseUrl, "fabrikam/"));
        using var log = new StringWriter();

        var ex = await RunAsync(new AzurePipelinesHost(env), env, log, failClosed: true);

        Assert.IsNotNull(ex);
        var text = log.ToString();
        StringAssert.StartsWith(text, "##vso[task.setsecret]");
        StringAssert.Contains(text, "##vso[task.logissue type=warning]Pipewise could not score this run (the run could not be collected:");
        AssertEmptyOutputs(HostJobs.AzureOutputs(text), "fail");
    }

    private static void AssertEmptyOutputs(Dictionary<string, string> outputs, string verdict)
    {
        Assert.AreEqual(verdict, outputs["verdict"]);
        Assert.AreEqual("proceed", outputs["strategy"]);
        Assert.AreEqual("[]", outputs["suggestions"]);
        Assert.IsTrue(outputs.Where(o => o.Key is not "verdict" and not "strategy" and not "suggestions").All(o => o.Value.Length == 0), string.Join(", ", outputs));
    }

    /// <summary>The run loop over the CI host's run host; the assessor is never reached, since collection fails first.</summary>
    private async Task<Exception?> RunAsync(CiHost ciHost, Dictionary<string, string?> env, TextWriter log, bool failClosed)
    {
        var settings = new RunHostSettings { Environment = env, Token = ciHost.Token, Output = log };
        var runHost = ciHost.CreateRunHost(settings, SecretMasker.ForRun(ciHost.Token, env));
        var unreachable = new RunAssessor(new RecentRuns(null!, TimeSpan.Zero, TimeProvider.System), null, null, null, null, new AssessorOptions(), TimeProvider.System);
        try
        {
            await new RunLoop(unreachable).ExecuteAsync(runHost, new GatePolicyOptions { FailClosed = failClosed }, TestContext.CancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
        finally
        {
            (runHost as IDisposable)?.Dispose();
        }
    }
}
