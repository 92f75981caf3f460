using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Api;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class GitHubCollectorTests
{
    private static readonly DateTimeOffset Now = new(2020, 1, 22, 19, 40, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CollectAsync_PublishedExamples_ProducesRunRecord()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner();
        var host = runner.Host(server.BaseUrl, time: new FixedTime(Now));

        var run = await host.CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("github", run.Provider);
        Assert.AreEqual("octo-org", run.Organization);
        Assert.AreEqual("octo-repo", run.Repository);
        Assert.AreEqual("159038", run.PipelineId);
        Assert.AreEqual("Build", run.PipelineName);
        Assert.AreEqual("30433642", run.RunId);
        Assert.AreEqual(1, run.Attempt);
        Assert.AreEqual(562L, run.Number);
        Assert.AreEqual("push", run.Event);
        Assert.AreEqual("main", run.Branch);
        Assert.IsTrue(run.IsDefaultBranch);
        Assert.AreEqual("acb5820ced9479c074f688cc328bf03f341a511d", run.Commit);
        Assert.IsNull(run.PullRequest);
        Assert.AreEqual(DateTimeOffset.Parse("2020-01-22T19:33:08Z", CultureInfo.InvariantCulture), run.QueuedAt);
        Assert.AreEqual(DateTimeOffset.Parse("2020-01-22T19:33:08Z", CultureInfo.InvariantCulture), run.StartedAt);

        // The example run is still queued: measured until "now", result so far from the jobs.
        Assert.AreEqual(Now, run.FinishedAt);
        Assert.AreEqual(RunResult.Succeeded, run.Result);
        Assert.IsNull(run.DurationSeconds);
        Assert.AreEqual("queued", run.Properties!["collected-while"]);
        Assert.IsFalse(run.Properties.ContainsKey("artifacts-bytes"), "artifacts are not listed from the step (ADR 0012)");

        var job = run.Jobs.Single();
        Assert.AreEqual("build", job.Name);
        Assert.AreEqual("399444496", job.Id);
        Assert.AreEqual("my runner", job.Runner);
        Assert.AreEqual("Linux", job.Os);
        CollectionAssert.AreEqual(new[] { "self-hosted", "foo", "bar" }, job.Labels!.ToArray());
        Assert.AreEqual(RunResult.Succeeded, job.Result);
        Assert.AreEqual(119, job.DurationSeconds);
        Assert.HasCount(10, job.Steps);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 16, 17 }, job.Steps.Select(s => s.Number!.Value).ToArray());
        var deploy = job.Steps.Single(s => s.Name == "Deploy to Heroku");
        Assert.AreEqual(DateTimeOffset.Parse("2020-01-20T17:42:59Z", CultureInfo.InvariantCulture), deploy.StartedAt);
        Assert.AreEqual(100, deploy.DurationSeconds);

        // The example deployment (2012, no link to this run) is not this run's.
        Assert.IsNull(run.Deployment);
        Assert.IsEmpty(RunRecordValidator.Validate(run));
    }

    [TestMethod]
    public async Task CollectAsync_Requests_FollowGitHubDocs()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner();
        await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        var get = server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642").Single();
        Assert.AreEqual("Bearer " + FakeRunner.Token, get.Header("Authorization"));
        Assert.AreEqual("application/vnd.github+json", get.Header("Accept"));
        Assert.AreEqual("2022-11-28", get.Header("X-GitHub-Api-Version"));
        StringAssert.StartsWith(get.Header("User-Agent"), "Pipewise/");

        var jobs = server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs").Single();
        StringAssert.Contains(jobs.Query, "per_page=100");
        var deployments = server.RequestsTo("GET", "/repos/octo-org/octo-repo/deployments").Single();
        StringAssert.Contains(deployments.Query, "sha=acb5820ced9479c074f688cc328bf03f341a511d");
        Assert.IsEmpty(server.RequestsTo("GET", "/repos/octo-org/octo-repo/deployments/1/statuses"), "the example deployment (2012) is not of this run: its statuses are not read");
        var lines = runner.Log.ToString().Split('\n');
        Assert.AreEqual("::add-mask::" + FakeRunner.Token, lines[0].TrimEnd('\r'), "the token is masked before anything else is printed");
        Assert.IsFalse(lines.Skip(1).Any(l => l.Contains(FakeRunner.Token, StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task CollectAsync_PullRequestEvent_TakesNumberTitleAndDefaultBranchFromPayload()
    {
        var payloadPath = Fixtures.Webhook("pull_request.opened.payload.json");
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        using var runner = new FakeRunner(eventName: "pull_request", eventJson: File.ReadAllText(payloadPath));
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(payloadPath));
        var number = doc.RootElement.GetProperty("pull_request").GetProperty("number").GetInt32();
        var defaultBranch = doc.RootElement.GetProperty("repository").GetProperty("default_branch").GetString();
        Assert.AreEqual(number, run.PullRequest);
        Assert.AreEqual(run.Branch == defaultBranch, run.IsDefaultBranch);
    }

    [TestMethod]
    public async Task CollectAsync_SecondAttempt_ReadsThatAttempt()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/2", _ =>
            ReplayResponse.Json(File.ReadAllText(Fixtures.Rest("actions-get-workflow-run.json")).Replace("\"run_attempt\": 1", "\"run_attempt\": 2", StringComparison.Ordinal)));
        using var runner = new FakeRunner(attempt: 2);
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual(2, run.Attempt);
        Assert.HasCount(1, server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/2"));
        Assert.HasCount(1, server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/2/jobs"));
        Assert.IsEmpty(server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642"));
    }

    [TestMethod]
    public async Task CollectAsync_JobsOnTwoPages_FollowsLinkHeader()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var path = "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs";
        server.Map("GET", path, r =>
        {
            var page2 = r.Query.Contains("page=2", StringComparison.Ordinal);
            var ids = page2 ? new[] { 3 } : new[] { 1, 2 };
            var body = "{\"total_count\":3,\"jobs\":[" + string.Join(",", ids.Select(JobJson)) + "]}";
            var headers = page2
                ? new Dictionary<string, string> { ["Link"] = $"<{server.BaseUrl}repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs?per_page=100&page=1>; rel=\"prev\", <{server.BaseUrl}repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs?per_page=100&page=1>; rel=\"first\"" }
                : new Dictionary<string, string> { ["Link"] = $"<{server.BaseUrl}repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs?per_page=100&page=2>; rel=\"next\", <{server.BaseUrl}repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs?per_page=100&page=2>; rel=\"last\"" };
            return ReplayResponse.Json(body, headers: headers);
        });
        using var runner = new FakeRunner();
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "job 1", "job 2", "job 3" }, run.Jobs.Select(j => j.Name).ToArray());
        Assert.AreEqual(RunResult.Failed, run.Result, "job 2 failed, so the run so far has failed");
        Assert.HasCount(2, server.RequestsTo("GET", path));
    }

    [TestMethod]
    public async Task CollectAsync_SecondaryRateLimit_WaitsRetryAfterThenSucceeds()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var calls = 0;
        var runJson = File.ReadAllText(Fixtures.Rest("actions-get-workflow-run.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", _ => Interlocked.Increment(ref calls) == 1
            ? new ReplayResponse(429, "{\"message\":\"You have exceeded a secondary rate limit.\"}", new Dictionary<string, string> { ["retry-after"] = "1" })
            : ReplayResponse.Json(runJson));
        using var runner = new FakeRunner();
        var started = DateTimeOffset.UtcNow;
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("159038", run.PipelineId);
        Assert.AreEqual(2, calls);
        Assert.IsGreaterThanOrEqualTo(0.9, (DateTimeOffset.UtcNow - started).TotalSeconds, "retry-after: 1 was honoured");
    }

    [TestMethod]
    public async Task CollectAsync_PrimaryRateLimit403_WaitsUntilResetThenSucceeds()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var calls = 0;
        var runJson = File.ReadAllText(Fixtures.Rest("actions-get-workflow-run.json"));
        var reset = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", _ => Interlocked.Increment(ref calls) == 1
            ? new ReplayResponse(403, "{\"message\":\"API rate limit exceeded\"}", new Dictionary<string, string>
            {
                ["x-ratelimit-limit"] = "1000",
                ["x-ratelimit-remaining"] = "0",
                ["x-ratelimit-used"] = "1000",
                ["x-ratelimit-reset"] = reset,
            })
            : ReplayResponse.Json(runJson));
        using var runner = new FakeRunner();
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("30433642", run.RunId);
        Assert.AreEqual(2, calls);
        StringAssert.Contains(runner.Log.ToString(), "GitHub API: retry");
    }

    [TestMethod]
    public async Task CollectAsync_RateLimitResetTooFarAway_FailsFastWithClearError()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", new ReplayResponse(403, "{\"message\":\"API rate limit exceeded\"}", new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "1000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset,
        }));
        using var runner = new FakeRunner();
        var ex = await Assert.ThrowsExactlyAsync<GitHubCollectException>(() => runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken));

        StringAssert.Contains(ex.Message, "30433642");
        StringAssert.Contains(ex.Message, "rate limit");
        Assert.HasCount(1, server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642"));
        Assert.IsFalse(ex.ToString().Contains(FakeRunner.Token, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task CollectAsync_Forbidden_IsNotRetried()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", new ReplayResponse(403, "{\"message\":\"Resource not accessible by integration\"}"));
        using var runner = new FakeRunner();
        var ex = await Assert.ThrowsExactlyAsync<GitHubCollectException>(() => runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken));

        StringAssert.Contains(ex.Message, "403");
        Assert.HasCount(1, server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642"));
    }

    [TestMethod]
    public async Task CollectAsync_ServerErrorThenOk_Retries()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var calls = 0;
        var runJson = File.ReadAllText(Fixtures.Rest("actions-get-workflow-run.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", _ => Interlocked.Increment(ref calls) <= 2
            ? new ReplayResponse(calls == 1 ? 502 : 503, "{\"message\":\"Server Error\"}")
            : ReplayResponse.Json(runJson));
        using var runner = new FakeRunner();
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("30433642", run.RunId);
        Assert.AreEqual(3, calls);
    }

    [TestMethod]
    public async Task CollectAsync_SlowResponse_TimesOutAndRetries()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var calls = 0;
        var runJson = File.ReadAllText(Fixtures.Rest("actions-get-workflow-run.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/actions/runs/30433642", _ => Interlocked.Increment(ref calls) == 1
            ? new ReplayResponse(200, runJson, Delay: TimeSpan.FromSeconds(5))
            : ReplayResponse.Json(runJson));
        using var runner = new FakeRunner();
        var options = FakeRunner.FastApi with { AttemptTimeout = TimeSpan.FromMilliseconds(400) };
        var run = await runner.Host(server.BaseUrl, apiOptions: options).CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("30433642", run.RunId);
        Assert.AreEqual(2, calls);
    }

    [TestMethod]
    public async Task CollectAsync_OptionalPartsFail_StillReturnsRun()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        server.Map("GET", "/repos/octo-org/octo-repo/deployments", new ReplayResponse(403, "{\"message\":\"Resource not accessible by integration\"}"));
        using var runner = new FakeRunner();
        var run = await runner.Host(server.BaseUrl, apiOptions: FakeRunner.FastApi with { MaxRetries = 0 }).CollectAsync(TestContext.CancellationToken);

        Assert.HasCount(1, run.Jobs);
        StringAssert.Contains(runner.Log.ToString(), "could not read the run's deployments");
    }

    [TestMethod]
    public async Task CollectAsync_DeploymentOfThisRun_BecomesDeploymentRecord()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        server.Map("GET", "/repos/octo-org/octo-repo/deployments", ReplayResponse.Json(
            "[{\"id\":7,\"sha\":\"acb5820ced9479c074f688cc328bf03f341a511d\",\"ref\":\"main\",\"task\":\"deploy\",\"payload\":{},\"environment\":\"production\"," +
            "\"created_at\":\"2020-01-22T19:35:00Z\",\"updated_at\":\"2020-01-22T19:35:00Z\"}]"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments/7/statuses", ReplayResponse.Json(
            "[{\"id\":2,\"state\":\"success\",\"environment\":\"production\",\"log_url\":\"https://github.com/octo-org/octo-repo/actions/runs/30433642/job/1\",\"created_at\":\"2020-01-22T19:37:30Z\",\"updated_at\":\"2020-01-22T19:37:30Z\"}," +
            "{\"id\":1,\"state\":\"in_progress\",\"environment\":\"production\",\"created_at\":\"2020-01-22T19:35:05Z\",\"updated_at\":\"2020-01-22T19:35:05Z\"}]"));
        using var runner = new FakeRunner();
        var run = await runner.Host(server.BaseUrl).CollectAsync(TestContext.CancellationToken);

        Assert.IsNotNull(run.Deployment);
        Assert.AreEqual("production", run.Deployment.Environment);
        Assert.AreEqual(RunResult.Succeeded, run.Deployment.Result);
        Assert.AreEqual(150, run.Deployment.DurationSeconds);
        Assert.AreEqual("production", run.Properties!["deployments"]);
        Assert.HasCount(1, server.RequestsTo("GET", "/repos/octo-org/octo-repo/deployments/7/statuses"));
    }

    [TestMethod]
    public async Task CollectAsync_EnterpriseServerApiUrl_UsesItsPath()
    {
        await using var server = await ReplayServer.StartAsync();
        var prefix = "/api/v3";
        server.Map("GET", prefix + "/repos/octo-org/octo-repo/actions/runs/30433642", Fixtures.File("actions-get-workflow-run.json"));
        server.Map("GET", prefix + "/repos/octo-org/octo-repo/actions/runs/30433642/attempts/{n}/jobs", Fixtures.File("actions-list-jobs-for-workflow-run.json"));
        server.Map("GET", prefix + "/repos/octo-org/octo-repo/actions/runs/30433642/artifacts", Fixtures.File("actions-list-workflow-run-artifacts.json"));
        server.Map("GET", prefix + "/repos/octo-org/octo-repo/actions/runs/30433642/timing", Fixtures.File("actions-get-workflow-run-usage.json"));
        server.Map("GET", prefix + "/repos/octo-org/octo-repo/deployments", ReplayResponse.Json("[]"));
        using var runner = new FakeRunner();
        runner.Env["GITHUB_API_URL"] = new Uri(server.BaseUrl, "api/v3").AbsoluteUri;
        var host = GitHub.GitHubRunHost.Create(
            runner.Settings(api: null!) with { ApiBaseUrl = null },
            new GitHubHostOptions { Api = FakeRunner.FastApi, MonitorDirectory = Path.Combine(runner.Root, "m") });
        var run = await host.CollectAsync(TestContext.CancellationToken);

        Assert.AreEqual("159038", run.PipelineId);
        Assert.IsTrue(server.Requests.All(r => r.Path.StartsWith(prefix + "/", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void FromEnvironment_MissingRunId_NamesTheVariable()
    {
        var ex = Assert.ThrowsExactly<GitHubConfigurationException>(() => GitHubContext.FromEnvironment(new Dictionary<string, string?> { ["GITHUB_REPOSITORY"] = "a/b" }));
        StringAssert.Contains(ex.Message, "GITHUB_RUN_ID");
    }

    [TestMethod]
    [DataRow("push", "push")]
    [DataRow("pull_request", "pull_request")]
    [DataRow("pull_request_target", "pull_request")]
    [DataRow("schedule", "schedule")]
    [DataRow("workflow_dispatch", "manual")]
    [DataRow("repository_dispatch", "api")]
    [DataRow("merge_group", "other")]
    public void NormalizeEvent_GitHubEvents_MapToRunRecordEvents(string github, string expected) =>
        Assert.AreEqual(expected, GitHubCollector.NormalizeEvent(github));

    private static string JobJson(int id) =>
        "{\"id\":" + id.ToString(CultureInfo.InvariantCulture) + ",\"run_id\":30433642,\"status\":\"completed\",\"conclusion\":\"" + (id == 2 ? "failure" : "success") +
        "\",\"created_at\":\"2020-01-22T19:33:10Z\",\"started_at\":\"2020-01-22T19:33:20Z\",\"completed_at\":\"2020-01-22T19:35:20Z\",\"name\":\"job " + id.ToString(CultureInfo.InvariantCulture) +
        "\",\"steps\":[],\"labels\":[\"ubuntu-latest\"],\"runner_name\":\"GitHub Actions " + id.ToString(CultureInfo.InvariantCulture) + "\"}";

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
