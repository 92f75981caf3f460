using System.Text.Json;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

/// <summary>
/// The whole `pipewise run` process inside a simulated GitHub Actions step: GITHUB_* variables, the runner's env
/// files and event payload in a temp RUNNER_TEMP, and the GitHub API replayed on 127.0.0.1 from GitHub's examples.
/// </summary>
[TestClass]
public sealed class GitHubRunProcessTests
{
    private const string Token = "ghs_PROCESSTEST0123456789secret";
    private const string Sha = "acb5820ced9479c074f688cc328bf03f341a511d";

    private string dir = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-gh-run-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public async Task Run_InsideAGitHubStep_WritesOutputsSummaryStatusAndOneComment()
    {
        await using var server = await StartGitHubAsync();
        var comments = new List<(long Id, string Body)>();
        MapComments(server, comments);

        var first = await RunStepAsync(server, "first");
        var second = await RunStepAsync(server, "second");

        foreach (var step in new[] { first, second })
        {
            Assert.AreEqual(0, step.Result.ExitCode, step.Result.Stdout + step.Result.Stderr);
            var lines = step.Result.Stdout.Split('\n');
            Assert.AreEqual("::add-mask::" + Token, lines[0].TrimEnd('\r'), "the token is masked before anything is printed");
            Assert.IsFalse(lines.Skip(1).Any(l => l.Contains(Token, StringComparison.Ordinal)) || step.Result.Stderr.Contains(Token, StringComparison.Ordinal));

            var outputs = ParseEnvFile(File.ReadAllText(step.OutputPath));
            foreach (var name in new[] { "risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version" })
            {
                Assert.IsTrue(outputs.ContainsKey(name), $"output '{name}' missing: {File.ReadAllText(step.OutputPath)}");
            }

            Assert.IsTrue(outputs["verdict"] is "pass" or "warn" or "fail");
            using var _ = JsonDocument.Parse(outputs["suggestions"]);
            var summary = File.ReadAllText(step.SummaryPath);
            StringAssert.Contains(summary, "Pipewise", step.Result.Stdout + step.Result.Stderr);
            Assert.IsLessThanOrEqualTo(1024 * 1024, new FileInfo(step.SummaryPath).Length);
        }

        var statuses = server.RequestsTo("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}");
        Assert.HasCount(2, statuses);
        Assert.AreEqual("pipewise/risk", JsonDocument.Parse(statuses[0].Body).RootElement.GetProperty("context").GetString());
        Assert.AreEqual("Bearer " + Token, statuses[0].Header("Authorization"));
        Assert.IsEmpty(server.RequestsTo("POST", "/repos/octo-org/octo-repo/check-runs"), "one pipewise/risk check: the commit status (ADR 0012)");

        lock (comments)
        {
            Assert.HasCount(1, comments, "the second run edits the first run's comment");
        }

        Assert.HasCount(1, server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments"));
        Assert.HasCount(1, server.Requests.Where(r => r.Method == "PATCH").ToList());
    }

    [TestMethod]
    public async Task Run_GitHubApiDown_FailsOpenWithExitCode0()
    {
        Uri dead;
        await using (var server = await ReplayServer.StartAsync())
        {
            dead = server.BaseUrl;
        }

        var result = await RunStepAsync(null, "down", api: dead);

        Assert.AreEqual(0, result.Result.ExitCode, result.Result.Stdout + result.Result.Stderr);
        Assert.IsFalse((result.Result.Stdout + result.Result.Stderr).Split('\n').Skip(1).Any(l => l.Contains(Token, StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Run_StoreCannotBeOpened_WarnsOnTheRunnerWritesEveryOutputAndFailsOpen()
    {
        await using var server = await StartGitHubAsync();
        const string secret = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";

        var step = await RunStepAsync(server, "bad-store", store: $"ftp://user:{secret}@example.invalid/store");

        var all = step.Result.Stdout + step.Result.Stderr;
        Assert.AreEqual(0, step.Result.ExitCode, all);
        StringAssert.Contains(step.Result.Stdout, "::warning title=Pipewise could not collect this run::");
        StringAssert.Contains(step.Result.Stdout, "the Pipewise store could not be opened");
        var outputs = ParseEnvFile(File.ReadAllText(step.OutputPath));
        CollectionAssert.AreEquivalent(new[] { "risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version" }, outputs.Keys.ToArray());
        Assert.AreEqual("pass", outputs["verdict"], "fail-open is a pass with the pipewise-error reason");
        // Registering a secret with the runner (::add-mask::) is the one line that names it; nothing else may.
        StringAssert.Contains(step.Result.Stdout, "::add-mask::" + secret);
        Assert.IsFalse(all.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)).Any(l => l.Contains(secret, StringComparison.Ordinal)), all);
    }

    [TestMethod]
    public async Task MonitorStartThenStop_DetachedSampler_WritesSamples()
    {
        var monitorDir = Path.Combine(dir, "monitor");
        var env = new Dictionary<string, string?> { ["RUNNER_TEMP"] = dir };

        var start = await PipewiseProcess.RunAsync(dir, env, "monitor", "start", "--dir", monitorDir, "--interval", "0.2");
        Assert.AreEqual(0, start.ExitCode, start.Stderr);
        StringAssert.Contains(start.Stdout, "resource monitor running");

        var samples = Path.Combine(monitorDir, "samples.jsonl");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!File.Exists(samples) || File.ReadAllLines(samples).Length < 2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.CancellationToken);
        }

        var stop = await PipewiseProcess.RunAsync(dir, env, "monitor", "stop", "--dir", monitorDir);
        Assert.AreEqual(0, stop.ExitCode, stop.Stderr);
        StringAssert.Contains(stop.Stdout, "resource monitor stopped");
        Assert.IsGreaterThanOrEqualTo(2, File.ReadAllLines(samples).Length);
        Assert.IsFalse(File.Exists(Path.Combine(monitorDir, "monitor.pid")));
    }

    private async Task<ReplayServer> StartGitHubAsync()
    {
        var rest = SharedFiles.Require("fixtures/github/rest");
        var server = await ReplayServer.StartAsync();
        var run = "/repos/octo-org/octo-repo/actions/runs/30433642";
        ReplayResponse F(string name, int status = 200) => ReplayResponse.File(Path.Combine(rest, name), status);
        server.Map("GET", run, F("actions-get-workflow-run.json"));
        server.Map("GET", run + "/attempts/{n}/jobs", F("actions-list-jobs-for-workflow-run.json"));
        server.Map("GET", run + "/artifacts", F("actions-list-workflow-run-artifacts.json"));
        server.Map("GET", run + "/timing", F("actions-get-workflow-run-usage.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments", F("repos-list-deployments.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments/{id}/statuses", F("repos-list-deployment-statuses.json"));
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", F("repos-create-commit-status.json", 201));
        server.Map("POST", "/repos/octo-org/octo-repo/check-runs", F("checks-create.response.completed.json", 201));
        return server;
    }

    private static void MapComments(ReplayServer server, List<(long Id, string Body)> comments)
    {
        var template = JsonDocument.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/rest/issues-create-comment.json"))).RootElement.GetRawText();
        string Comment(long id, string body)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(template)!.AsObject();
            node["id"] = id;
            node["body"] = body;
            node["user"]!["login"] = "github-actions[bot]"; // GITHUB_TOKEN writes as the Actions bot (GET /user refuses it)
            return node.ToJsonString();
        }

        server.Map("GET", "/repos/octo-org/octo-repo/issues/1347/comments", _ =>
        {
            lock (comments)
            {
                return ReplayResponse.Json("[" + string.Join(",", comments.Select(c => Comment(c.Id, c.Body))) + "]");
            }
        });
        server.Map("POST", "/repos/octo-org/octo-repo/issues/1347/comments", r =>
        {
            var body = JsonDocument.Parse(r.Body).RootElement.GetProperty("body").GetString()!;
            lock (comments)
            {
                var id = 500L + comments.Count;
                comments.Add((id, body));
                return ReplayResponse.Json(Comment(id, body), 201);
            }
        });
        server.Map("PATCH", "/repos/octo-org/octo-repo/issues/comments/{id}", r =>
        {
            var id = long.Parse(r.Path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var body = JsonDocument.Parse(r.Body).RootElement.GetProperty("body").GetString()!;
            lock (comments)
            {
                var i = comments.FindIndex(c => c.Id == id);
                if (i < 0)
                {
                    return new ReplayResponse(404, "{\"message\":\"Not Found\"}");
                }

                comments[i] = (id, body);
                return ReplayResponse.Json(Comment(id, body));
            }
        });
    }

    private async Task<Step> RunStepAsync(ReplayServer? server, string name, Uri? api = null, string? store = null)
    {
        var temp = Path.Combine(dir, name, "_temp");
        var files = Path.Combine(temp, "_runner_file_commands");
        Directory.CreateDirectory(files);
        Directory.CreateDirectory(Path.Combine(temp, "_github_workflow"));
        var output = Path.Combine(files, "set_output_" + Guid.NewGuid().ToString("D"));
        var summary = Path.Combine(files, "step_summary_" + Guid.NewGuid().ToString("D"));
        File.WriteAllText(output, string.Empty);
        File.WriteAllText(summary, string.Empty);
        var eventPath = Path.Combine(temp, "_github_workflow", "event.json");
        File.WriteAllText(eventPath, "{\"number\":1347,\"pull_request\":{\"number\":1347,\"title\":\"Add <b>cache</b>\",\"head\":{\"sha\":\"" + Sha + "\",\"ref\":\"feature\"}},\"repository\":{\"default_branch\":\"main\"}}");
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REPOSITORY"] = "octo-org/octo-repo",
            ["GITHUB_RUN_ID"] = "30433642",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_API_URL"] = (api ?? server!.BaseUrl).AbsoluteUri,
            ["GITHUB_WORKSPACE"] = dir,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["RUNNER_TEMP"] = temp,
            ["RUNNER_OS"] = "Linux",
            ["INPUT_TOKEN"] = Token,
            ["INPUT_MODE"] = "advise",
            ["PIPEWISE_STORE"] = store ?? Path.Combine(dir, "store"),
        };
        var result = await PipewiseProcess.RunAsync(dir, env, "run");
        return new Step(result, output, summary);
    }

    /// <summary>GITHUB_OUTPUT as the Linux runner reads it: \n lines, NAME=VALUE or NAME&lt;&lt;DELIM … DELIM.</summary>
    private static Dictionary<string, string> ParseEnvFile(string text)
    {
        var result = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (eq >= 0 && (heredoc < 0 || eq < heredoc))
            {
                result[line[..eq]] = line[(eq + 1)..];
                continue;
            }

            Assert.IsGreaterThan(0, heredoc, $"invalid line '{line}'");
            var delimiter = line[(heredoc + 2)..];
            var value = new List<string>();
            for (i++; i < lines.Length && lines[i] != delimiter; i++)
            {
                value.Add(lines[i]);
            }

            Assert.IsLessThan(lines.Length, i, $"Matching delimiter not found '{delimiter}'");
            result[line[..heredoc]] = string.Join('\n', value);
        }

        return result;
    }

    private sealed record Step(PipewiseProcess.Result Result, string OutputPath, string SummaryPath);
}
