using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

/// <summary>
/// `pipewise run`, `pipewise gate` and the gate service (`pipewise serve` → pipewise-gate) assess through one path:
/// for the same store, pipeline, run and policy they give the same verdict with the same reasons.
/// </summary>
[TestClass]
public sealed partial class OneAssessmentTests
{
    private const string Header = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks";
    private const string Pipeline = "travis/octo/app/travis-ci";
    private string dir = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-one-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [GeneratedRegex(@"^    - \[(?<severity>pass|warn|fail)\] (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex RunReason();

    [GeneratedRegex(@"^  verdict: (?<verdict>[A-Z]+) ", RegexOptions.Multiline)]
    private static partial Regex RunVerdict();

    [TestMethod]
    public async Task RunGateAndGateService_SameStoreRunAndPolicy_SameVerdictAndReasons()
    {
        var history = Path.Combine(dir, "history.csv");
        File.WriteAllLines(history, [Header, .. Enumerable.Range(0, 60).Select(i =>
            $"octo/app,go,{1000 + i},c{i},,main,{(i % 6 == 0 ? "failed" : "passed")},{300 + ((i * 37) % 90)},2024-01-{(i / 24) + 1:00}T{i % 24:00}:00:00Z,push,2,,,,,1,100,100,0,0,20,5,gotest")]);
        var import = await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", history);
        Assert.AreEqual(0, import.ExitCode, import.Stdout + import.Stderr);
        File.WriteAllText(Path.Combine(dir, "policy.json"), """{ "mode": "enforce", "failure-warn": 0.2, "failure-fail": 0.9, "anomaly-warn": 1.5, "max-failed-tests": 0 }""");
        var run = new RunRecord
        {
            Provider = "travis", Organization = "octo", Repository = "app", PipelineId = "travis-ci", PipelineName = "octo/app",
            RunId = "5000", Sequence = 5000, Event = "push", Branch = "main",
            StartedAt = DateTimeOffset.Parse("2024-01-04T10:00:00Z", CultureInfo.InvariantCulture),
            FinishedAt = DateTimeOffset.Parse("2024-01-04T10:11:00Z", CultureInfo.InvariantCulture),
            Result = RunResult.Failed,
            Tests = new TestSummary { Total = 100, Passed = 98, Failed = 2 },
        };
        File.WriteAllBytes(Path.Combine(dir, "run.json"), RunRecordJson.Serialize(run));

        var runResult = await PipewiseProcess.RunAsync(dir, null, "run", "--store", "store", "--run-file", "run.json", "--policy", "policy.json", "--seed", "1");
        var gateResult = await PipewiseProcess.RunAsync(dir, null, "gate", "--store", "store", "--pipeline", Pipeline, "--run-id", "5000", "--policy", "policy.json", "--json");
        var service = await AskGateServiceAsync();

        Assert.AreEqual(1, runResult.ExitCode, "enforce + fail: " + runResult.Stdout + runResult.Stderr);
        Assert.AreEqual(1, gateResult.ExitCode, gateResult.Stdout + gateResult.Stderr);
        var fromRun = (RunVerdict().Match(runResult.Stdout).Groups["verdict"].Value.ToLowerInvariant(),
            RunReason().Matches(runResult.Stdout).Select(m => (m.Groups["severity"].Value, m.Groups["message"].Value.TrimEnd())).ToList());
        var fromGate = Reasons(gateResult.Stdout);
        var fromService = Reasons(service);
        Assert.AreEqual("fail", fromRun.Item1, runResult.Stdout);
        Assert.IsTrue(fromRun.Item2.Any(r => r.Item2 == "2 failed test(s) > allowed 0"), runResult.Stdout);
        Assert.IsTrue(fromRun.Item2.Any(r => r.Item2.StartsWith("failure probability", StringComparison.Ordinal)), "the shipped model scored the run: " + runResult.Stdout);
        Assert.AreEqual(fromRun.Item1, fromGate.Verdict, gateResult.Stdout);
        Assert.AreEqual(fromRun.Item1, fromService.Verdict, service);
        CollectionAssert.AreEqual(fromRun.Item2, fromGate.Reasons, "run vs gate:\n" + runResult.Stdout + "\n" + gateResult.Stdout);
        CollectionAssert.AreEqual(fromRun.Item2, fromService.Reasons, "run vs gate service:\n" + runResult.Stdout + "\n" + service);
    }

    private static (string Verdict, List<(string, string)> Reasons) Reasons(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return (root.GetProperty("verdict").GetString()!,
            [.. root.GetProperty("reasons").EnumerateArray().Select(r => (r.GetProperty("severity").GetString()!, r.GetProperty("message").GetString()!))]);
    }

    private async Task<string> AskGateServiceAsync()
    {
        var port = FreePort.Next();
        var env = new Dictionary<string, string?> { ["PIPEWISE_GATE_KEY"] = "one-key" };
        using var process = PipewiseProcess.Start(dir, env, "serve", "--store", "store", "--urls", $"http://127.0.0.1:{port}", "--policy", "policy.json");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (true)
            {
                if (process.HasExited)
                {
                    Assert.Fail("pipewise serve exited: " + await output + await errors);
                }

                try
                {
                    using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative), TestContext.CancellationToken);
                    if (health.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
                {
                }

                await Task.Delay(200, TestContext.CancellationToken);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/azure-devops/gate", UriKind.Relative))
            {
                Content = JsonContent.Create(new { pipeline = Pipeline, runId = "5000" }),
            };
            request.Headers.Add("X-Pipewise-Key", "one-key");
            using var response = await http.SendAsync(request, TestContext.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
            Assert.IsTrue(response.IsSuccessStatusCode, body);
            return body;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
