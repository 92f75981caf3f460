using System.Text.Json.Nodes;
using Pipewise.Core.Runs;
using Pipewise.Storage;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

/// <summary>
/// ADR 0012: whichever way a workflow's runs arrive (API backfill, github-runs file, the step), they land in one
/// pipeline, so the first `pipewise run` inside GitHub Actions after an import forecasts from the imported history.
/// </summary>
[TestClass]
public sealed class OnePipelineIdentityProcessTests
{
    private const string Token = "ghs_IDENTITYTEST0123456789secret";
    private const int HistoryRuns = 30;

    private string dir = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-identity-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public async Task ImportFromGitHubThenRun_FirstRunUsesTheBackfilledHistoryAndTheStoreListsOnePipeline()
    {
        var history = new GitHubHistoryReplay(HistoryRuns);
        await using var server = history.MapOn(StepEndpoints(await ReplayServer.StartAsync()));
        var store = Path.Combine(dir, "store");

        var import = await PipewiseProcess.RunAsync(dir, new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token, ["GITHUB_API_URL"] = server.BaseUrl.AbsoluteUri },
            "import", "--from", "github", "--repository", "octo-org/octo-repo", "--store", store);
        Assert.AreEqual(0, import.ExitCode, import.Stdout + import.Stderr);
        StringAssert.Contains(import.Stdout, $"Imported {HistoryRuns + 1} new run(s)");
        Assert.IsFalse((import.Stdout + import.Stderr).Contains(Token, StringComparison.Ordinal));

        var step = await RunStepAsync(server, store);

        Assert.AreEqual(0, step.ExitCode, step.Stdout + step.Stderr);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "summary.md")), $"History used: {HistoryRuns + 1} earlier run(s).");
        var pipelines = await StoreFactory.Open(store).ListPipelinesAsync(TestContext.CancellationToken);
        Assert.AreEqual("github/octo-org/octo-repo/159038", pipelines.Single().ToString());
    }

    [TestMethod]
    public async Task ImportGitHubRunsFileThenRun_OldPathKeyedRunsAreCopiedAndTheRunUsesAllOfThem()
    {
        var history = new GitHubHistoryReplay(HistoryRuns);
        await using var server = StepEndpoints(await ReplayServer.StartAsync());
        var store = Path.Combine(dir, "store");

        // A store written before ADR 0012: the file import keyed runs by the workflow's path@ref.
        var legacy = StoreFactory.Open(store);
        for (var i = 0; i < 5; i++)
        {
            var old = new RunRecord
            {
                Provider = "github", Organization = "octo-org", Repository = "octo-repo", PipelineId = ".github/workflows/build.yml@main",
                RunId = (6_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Sequence = 6_000_000 + i,
                StartedAt = new DateTimeOffset(2025, 12, 1, i, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2025, 12, 1, i, 9, 0, TimeSpan.Zero), Result = RunResult.Succeeded,
            };
            Assert.IsTrue(await legacy.AppendRunAsync(old, TestContext.CancellationToken));
        }

        var page = new JsonObject { ["total_count"] = HistoryRuns, ["workflow_runs"] = new JsonArray([.. Enumerable.Range(0, HistoryRuns).Select(i => (JsonNode)history.Run(i, 1))]) };
        var file = Path.Combine(dir, "runs.json");
        File.WriteAllText(file, page.ToJsonString());

        var import = await PipewiseProcess.RunAsync(dir, null, "import", "--format", "github-runs", "--input", file, "--store", store);
        Assert.AreEqual(0, import.ExitCode, import.Stdout + import.Stderr);
        StringAssert.Contains(import.Stderr, "copied 5 of 5 run(s) stored under the old key");

        var step = await RunStepAsync(server, store);

        Assert.AreEqual(0, step.ExitCode, step.Stdout + step.Stderr);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "summary.md")), $"History used: {HistoryRuns + 5} earlier run(s).");
        var keys = (await StoreFactory.Open(store).ListPipelinesAsync(TestContext.CancellationToken)).Select(k => k.ToString()).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "github/octo-org/octo-repo/%2Egithub%2Fworkflows%2Fbuild.yml%40main", "github/octo-org/octo-repo/159038" }.Order(StringComparer.Ordinal).ToArray(), keys, "the old copies are left in place");
    }

    [TestMethod]
    public async Task ImportFromGitHub_BadToken_StopsWithExitCode5AndAClearMessage()
    {
        var history = new GitHubHistoryReplay(HistoryRuns) { Intercept = _ => new ReplayResponse(401, """{"message":"Bad credentials"}""") };
        await using var server = history.MapOn(await ReplayServer.StartAsync());

        var import = await PipewiseProcess.RunAsync(dir, new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token, ["GITHUB_API_URL"] = server.BaseUrl.AbsoluteUri },
            "import", "--from", "github", "--repository", "octo-org/octo-repo", "--store", Path.Combine(dir, "store"));

        Assert.AreEqual(5, import.ExitCode, import.Stdout + import.Stderr);
        StringAssert.Contains(import.Stderr, "the token was refused (401)");
        StringAssert.Contains(import.Stderr, "GITHUB_TOKEN");
        Assert.IsFalse((import.Stdout + import.Stderr).Contains(Token, StringComparison.Ordinal));
    }

    private static ReplayServer StepEndpoints(ReplayServer server)
    {
        var rest = SharedFiles.Require("fixtures/github/rest");
        var run = "/repos/octo-org/octo-repo/actions/runs/30433642";
        ReplayResponse F(string name, int status = 200) => ReplayResponse.File(Path.Combine(rest, name), status);
        server.Map("GET", run, F("actions-get-workflow-run.json"));
        server.Map("GET", run + "/attempts/{n}/jobs", F("actions-list-jobs-for-workflow-run.json"));
        server.Map("GET", run + "/artifacts", F("actions-list-workflow-run-artifacts.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments", F("repos-list-deployments.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments/{id}/statuses", F("repos-list-deployment-statuses.json"));
        return server;
    }

    private async Task<PipewiseProcess.Result> RunStepAsync(ReplayServer server, string store)
    {
        var temp = Path.Combine(dir, "_temp");
        Directory.CreateDirectory(temp);
        var output = Path.Combine(dir, "output.env");
        var summary = Path.Combine(dir, "summary.md");
        File.WriteAllText(output, string.Empty);
        File.WriteAllText(summary, string.Empty);
        var eventPath = Path.Combine(temp, "event.json");
        File.WriteAllText(eventPath, "{\"repository\":{\"default_branch\":\"main\"}}");
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REPOSITORY"] = "octo-org/octo-repo",
            ["GITHUB_RUN_ID"] = "30433642",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_EVENT_NAME"] = "push",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_SHA"] = "acb5820ced9479c074f688cc328bf03f341a511d",
            ["GITHUB_API_URL"] = server.BaseUrl.AbsoluteUri,
            ["GITHUB_WORKSPACE"] = dir,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["RUNNER_TEMP"] = temp,
            ["INPUT_TOKEN"] = Token,
            ["INPUT_MODE"] = "advise",
            ["INPUT_POST-STATUS"] = "false",
            ["INPUT_POST-COMMENT"] = "false",
            ["PIPEWISE_STORE"] = store,
        };
        return await PipewiseProcess.RunAsync(dir, env, "run", "--host", "github", "--no-status", "--no-comment");
    }
}
