using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class CollectorTests
{
    private static ReplayServer MapBuild(ReplayServer server, string build = "build-builds-get.json", string project = "Fabrikam-Fiber-Git", int buildId = 391)
    {
        var p = Fixtures.ProjectPath(project);
        server.Map("GET", $"{p}build/builds/{buildId}", Fixtures.Json(build));
        server.Map("GET", $"{p}build/builds/{buildId}/timeline", Fixtures.Json("build-timeline-get.json"));
        server.Map("GET", $"{p}test/runs", Fixtures.Json("test-runs-list-include-run-details.json"));
        server.Map("GET", $"{p}test/Runs/{{runId}}/results", Fixtures.Json("test-results-list.json"));
        return server;
    }

    [TestMethod]
    public async Task CollectAsync_BuildTimelineAndTestFixtures_BuildsTheRunRecord()
    {
        await using var server = await ReplayServer.StartAsync();
        MapBuild(server);
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/")), output);

        var run = await host.CollectAsync();

        Assert.AreEqual("azure-devops", run.Provider);
        Assert.AreEqual("fabrikam", run.Organization);
        Assert.AreEqual("Fabrikam-Fiber-Git", run.Repository);
        Assert.AreEqual("25", run.PipelineId);
        Assert.AreEqual("VsoBuildApi", run.PipelineName);
        Assert.AreEqual("391", run.RunId);
        Assert.AreEqual(391L, run.Sequence);
        Assert.AreEqual(1, run.Attempt);
        Assert.IsNull(run.Number, "20150716.2 is not a plain number");
        Assert.AreEqual("manual", run.Event);
        Assert.AreEqual("master", run.Branch);
        Assert.AreEqual("b13b8f7261ec6a4ebfa4d98aa63bf164f4be64c5", run.Commit);
        Assert.IsNull(run.PullRequest);
        Assert.AreEqual(DateTimeOffset.Parse("2015-07-16T19:52:38.65Z", System.Globalization.CultureInfo.InvariantCulture), run.QueuedAt);
        Assert.AreEqual(DateTimeOffset.Parse("2015-07-16T19:52:42.7771198Z", System.Globalization.CultureInfo.InvariantCulture), run.StartedAt);
        Assert.AreEqual(DateTimeOffset.Parse("2015-07-16T19:54:41.7842973Z", System.Globalization.CultureInfo.InvariantCulture), run.FinishedAt);
        Assert.AreEqual(RunResult.Succeeded, run.Result);
        Assert.AreEqual(4.127, run.QueueSeconds!.Value, 0.001);

        var job = run.Jobs.Single();
        Assert.AreEqual("Build", job.Name);
        Assert.AreEqual("Hosted Agent", job.Runner);
        Assert.AreEqual(RunResult.Succeeded, job.Result);
        Assert.AreEqual(DateTimeOffset.Parse("2015-07-16T19:53:06.357Z", System.Globalization.CultureInfo.InvariantCulture), job.StartedAt);
        CollectionAssert.AreEqual(new[] { "Get sources", "Build solution **\\*.sln", "Publish Artifact: drop" }, job.Steps.Select(s => s.Name).ToArray());
        Assert.AreEqual(7.714, job.Steps[1].DurationSeconds!.Value, 0.001);
        Assert.IsTrue(job.Steps.All(s => s.Result == RunResult.Succeeded));

        // The test runs' own totals (includeRunDetails): 40 tests in 23 runs, no per-run results request (ADR 0012).
        Assert.IsNotNull(run.Tests);
        Assert.AreEqual(40, run.Tests.Total);
        Assert.AreEqual(19, run.Tests.Passed);
        Assert.AreEqual(1, run.Tests.Failed);
        Assert.AreEqual(20, run.Tests.Skipped);
        Assert.AreEqual(432026.765, run.Tests.DurationSeconds!.Value, 0.01);
        Assert.IsFalse(server.Requests.Any(r => r.Path.EndsWith("/results", StringComparison.Ordinal)));

        var buildRequest = server.RequestsTo("GET", Fixtures.ProjectPath() + "build/builds/391").Single();
        Assert.AreEqual("7.1", Fixtures.QueryOf(buildRequest)["api-version"]);
        Assert.AreEqual("Bearer " + Fixtures.Token, buildRequest.Header("Authorization"));
        var testRuns = server.RequestsTo("GET", Fixtures.ProjectPath() + "test/runs").Single();
        Assert.AreEqual("vstfs:///Build/Build/391", Fixtures.QueryOf(testRuns)["buildUri"]);
        Assert.IsTrue(server.Requests.All(r => Fixtures.QueryOf(r).GetValueOrDefault("api-version") == "7.1"), "every call sends api-version=7.1");
        Assert.IsFalse(output.ToString().Contains(Fixtures.Token, StringComparison.Ordinal) && !output.ToString().StartsWith("##vso[task.setsecret]", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task CollectAsync_RecordedNotStartedBuild_LeavesUnknownsNull()
    {
        await using var server = await ReplayServer.StartAsync();
        var p = Fixtures.ProjectPath("buildtests");
        server.Map("GET", $"{p}build/builds/638", Fixtures.Json("build-builds-get.recorded.json"));
        server.Map("GET", $"{p}build/builds/638/timeline", ReplayResponse.Json(string.Empty, 204));
        server.Map("GET", $"{p}test/runs", ReplayResponse.Json("{\"count\":0,\"value\":[]}"));
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"), "buildtests", 638);
        env["SYSTEM_JOBATTEMPT"] = "2";
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, env, output);

        var run = await host.CollectAsync();

        Assert.AreEqual("178", run.PipelineId);
        Assert.AreEqual("BuildTests Definition1", run.PipelineName);
        Assert.AreEqual("buildtests", run.Repository);
        Assert.AreEqual(2, run.Attempt);
        Assert.AreEqual("main", run.Branch);
        Assert.IsNotNull(run.QueuedAt);
        Assert.IsNull(run.StartedAt);
        Assert.IsNull(run.FinishedAt);
        Assert.IsNull(run.Result, "a build that has not finished has no result yet");
        Assert.IsNull(run.Tests, "no test runs: unknown, not zero");
        Assert.AreEqual(0, run.Jobs.Count);
    }

    [TestMethod]
    public async Task CollectAsync_RecordedBuildList_ParsesEveryStatusCaseInsensitively()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("GET", Fixtures.ProjectPath("buildtests") + "build/builds", Fixtures.Json("build-builds-list.recorded.json"));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"), "buildtests"), output);

        var builds = await host.Client.GetBuildsAsync("buildtests", 178, 50);

        CollectionAssert.AreEqual(new[] { 637, 638, 636, 635 }, builds.Select(b => b.Id).ToArray());
        CollectionAssert.AreEqual(
            new[] { Rest.BuildStatus.InProgress, Rest.BuildStatus.NotStarted, Rest.BuildStatus.Completed, Rest.BuildStatus.Completed },
            builds.Select(b => b.Status).ToArray());
        Assert.AreEqual(Rest.BuildResult.Succeeded, builds[2].Result);
        var query = Fixtures.QueryOf(server.Requests.Single());
        Assert.AreEqual("178", query["definitions"]);
        Assert.AreEqual("7.1", query["api-version"]);
    }

    [TestMethod]
    public async Task CollectAsync_PullRequestBuild_TakesPrNumberAndSourceBranch()
    {
        await using var server = await ReplayServer.StartAsync();
        MapBuild(server);
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "22";
        env["SYSTEM_PULLREQUEST_SOURCEBRANCH"] = "refs/heads/feature/faster";
        env["BUILD_REASON"] = "PullRequest";
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, env, output);

        var run = await host.CollectAsync();

        Assert.AreEqual(22, run.PullRequest);
        Assert.AreEqual("feature/faster", run.Branch);
    }

    [TestMethod]
    public async Task CollectAsync_ReleaseJob_BuildsRecordFromReleaseEnvironmentAndDeployment()
    {
        await using var server = await ReplayServer.StartAsync();
        var p = Fixtures.ProjectPath("MyFirstProject");
        server.Map("GET", $"{p}release/releases/20", Fixtures.Json("release-releases-get.json"));
        server.Map("GET", $"{p}release/deployments", Fixtures.Json("release-deployments-list.json"));
        var env = new Dictionary<string, string?>
        {
            ["SYSTEM_COLLECTIONURI"] = new Uri(server.BaseUrl, "fabrikam/").AbsoluteUri,
            ["SYSTEM_TEAMPROJECT"] = "MyFirstProject",
            ["SYSTEM_HOSTTYPE"] = "release",
            ["RELEASE_RELEASEID"] = "20",
            ["RELEASE_DEFINITIONID"] = "1",
            ["RELEASE_ENVIRONMENTNAME"] = "PROD",
            ["RELEASE_ATTEMPTNUMBER"] = "1",
            ["SYSTEM_ACCESSTOKEN"] = Fixtures.Token,
        };
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, env, output);

        var run = await host.CollectAsync();

        Assert.AreEqual("release-1", run.PipelineId);
        Assert.AreEqual("MyShuttle.CD", run.PipelineName);
        Assert.AreEqual("20", run.RunId);
        Assert.AreEqual("MyFirstProject", run.Repository);
        Assert.AreEqual("api", run.Event, "deployment 64 was automated (after the previous environment)");
        Assert.IsNotNull(run.Deployment);
        Assert.AreEqual("PROD", run.Deployment.Environment);
        Assert.AreEqual(RunResult.Succeeded, run.Deployment.Result);
        Assert.AreEqual(DateTimeOffset.Parse("2017-06-16T01:55:56.857Z", System.Globalization.CultureInfo.InvariantCulture), run.StartedAt);
        Assert.IsNull(run.QueuedAt, "queuedOn 0001-01-01 means not set");
        Assert.AreEqual(DateTimeOffset.Parse("2017-06-16T01:56:43.06Z", System.Globalization.CultureInfo.InvariantCulture), run.FinishedAt, "no completedOn: the last change of a finished deployment");
        Assert.AreEqual(46.2, run.Deployment.DurationSeconds!.Value, 0.01);
        var deployments = server.RequestsTo("GET", $"{p}release/deployments").Single();
        var query = Fixtures.QueryOf(deployments);
        Assert.AreEqual("1", query["definitionId"]);
        Assert.AreEqual("4", query["definitionEnvironmentId"], "PROD is definition environment 4 in the release");
        Assert.AreEqual("7.1", query["api-version"]);
    }
}
