using Pipewise.Agent.Learning;
using Pipewise.Dashboard;
using Pipewise.Storage.Verdicts;
using Pipewise.Core.Storage;
using System.Net;
using System.Text;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed class DashboardTests
{
    private const string GateKey = "dash-key";
    private static readonly PipelineKey Web = new("azure-devops", "contoso", "web", "42");
    private static readonly PipelineKey Hostile = new("github", "octo", "shop", "deploy.yml");

    public TestContext TestContext { get; set; } = null!;

    private string ResultsFolder()
    {
        var folder = TestContext.TestRunResultsDirectory ?? TestContext.TestResultsDirectory ?? System.IO.Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<(InMemoryStore Store, FakeTracker Tracker)> SeedAsync()
    {
        var store = new InMemoryStore();
        var runs = await Runs.SeedAsync(store, Web, 14, lastFailedTests: 1, name: "Web CI");
        await Runs.SeedAsync(store, Hostile, 5, name: "<script>alert('x')</script> deploy");
        var predictions = runs.Select((r, i) => new PredictionRecord
        {
            RunId = r.RunId,
            StartedAt = r.StartedAt,
            PredictedP50Seconds = 310 + (i * 9),
            PredictedP90Seconds = 420 + (i * 9),
            FailureProbability = Math.Round(0.1 + (i * 0.05), 2),
            ActualSeconds = r.EffectiveDurationSeconds,
            Failed = r.Result == RunResult.Failed,
            ModelVersion = "bilstm@dash.2",
        }).ToList();
        var qtable = """
            { "version": 1, "scope": "pipeline+azure-devops+contoso+web+42", "states": {
                "risk=high|trend=up": { "proceed": { "q": -0.4, "n": 3 }, "canary": { "q": 0.73, "n": 5 } },
                "risk=low|trend=flat": { "proceed": { "q": 0.91, "n": 12 }, "shard-tests": { "q": 0.2, "n": 1 } } } }
            """;
        await store.PutDocumentAsync("agents/pipeline+azure-devops+contoso+web+42.json", Encoding.UTF8.GetBytes(qtable), null);
        return (store, new FakeTracker(predictions));
    }

    private static void AssertViews(string dom)
    {
        StringAssert.Contains(dom, "Web CI");
        StringAssert.Contains(dom, "azure-devops/contoso/web/42");
        StringAssert.Contains(dom, "github/octo/shop/deploy.yml");
        StringAssert.Contains(dom, "data-chart=\"duration\"");
        StringAssert.Contains(dom, "data-chart=\"risk\"");
        StringAssert.Contains(dom, "data-series=\"actual\"");
        StringAssert.Contains(dom, "data-series=\"forecast-p50\"");
        StringAssert.Contains(dom, "data-series=\"risk\"");
        StringAssert.Contains(dom, "<polyline");
        // Run 1014 (#14): actual 430 s, forecast p50 310 + 13·9 = 427 s, p90 537 s, risk 0.75.
        StringAssert.Contains(dom, "#14 (1014)");
        StringAssert.Contains(dom, "<td class=\"num\">430</td><td class=\"num\">427</td><td class=\"num\">537</td><td class=\"num\">0.75</td>");
        StringAssert.Contains(dom, "bilstm@dash.2");
        // The agent's best action per state.
        StringAssert.Contains(dom, "risk=high|trend=up</td><td>canary</td><td class=\"num\">0.730</td>");
        StringAssert.Contains(dom, "risk=low|trend=flat</td><td>proceed</td>");
        // Untrusted names are text, never markup.
        StringAssert.Contains(dom, "&lt;script&gt;alert('x')&lt;/script&gt; deploy");
        Assert.IsFalse(dom.Contains("<script>alert", StringComparison.Ordinal), "a stored pipeline name must not become a script element");
    }

    [TestMethod]
    public async Task Dashboard_InHeadlessChromium_ShowsRunsForecastsRiskVerdictsAndAgent()
    {
        Chromium.RequireInstalled();
        var (store, tracker) = await SeedAsync();
        await using var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store, Forecaster = new FakeForecaster(0.86), Predictions = tracker, AgentPolicies = new QTablePolicyReader(store) },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.GateKeyVariable ? GateKey : null, new GatePolicyOptions { Mode = GateMode.Enforce }),
            "http://127.0.0.1:0");
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/azure-devops/gate")) { Content = new StringContent("""{"pipeline":"azure-devops/contoso/web/42"}""", Encoding.UTF8, "application/json") };
            request.Headers.Add(GateServiceHost.GateKeyHeader, GateKey);
            using var response = await http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        }

        var url = new Uri(host.BaseUrl, "dashboard").ToString();
        var dom = await Chromium.DumpDomAsync(url);
        var shot = System.IO.Path.Combine(ResultsFolder(), "pipewise-dashboard.png");
        await Chromium.ScreenshotAsync(url, shot);
        TestContext.AddResultFile(shot);

        AssertViews(dom);
        StringAssert.Contains(dom, "failure probability 0.86 ≥ fail threshold 0.80");
        StringAssert.Contains(dom, "1 failed test(s) &gt; allowed 0");
        StringAssert.Contains(dom, "azure-devops-gate");
        StringAssert.Contains(dom, "<td class=\"fail\">fail</td>");
    }

    [TestMethod]
    public async Task Report_SelfContainedFileInHeadlessChromium_ShowsTheSameViews()
    {
        Chromium.RequireInstalled();
        var (store, tracker) = await SeedAsync();
        var log = StoreVerdictLog.Create(store);
        await log.AppendAsync(Web, new VerdictRecord
        {
            RunId = "1014",
            At = Runs.Start,
            Verdict = Verdict.Warn,
            Mode = GateMode.DryRun,
            Reasons = [new GateReason("flaky-tests", Verdict.Warn, 3, 0, "3 flaky test(s) > allowed 0")],
            Source = "run",
            ModelVersion = "bilstm@dash.2",
        });
        var path = System.IO.Path.Combine(ResultsFolder(), "pipewise-report.html");

        await DashboardReport.WriteAsync(path, store, tracker, log, new QTablePolicyReader(store), TimeProvider.System);
        var html = await File.ReadAllTextAsync(path);
        var dom = await Chromium.DumpDomAsync(new Uri(path).AbsoluteUri);
        var shot = System.IO.Path.Combine(ResultsFolder(), "pipewise-report.png");
        await Chromium.ScreenshotAsync(new Uri(path).AbsoluteUri, shot);
        TestContext.AddResultFile(shot);

        AssertViews(dom);
        StringAssert.Contains(dom, "3 flaky test(s) &gt; allowed 0");
        StringAssert.Contains(dom, "Pipewise report");
        Assert.IsFalse(html.Contains("http://", StringComparison.Ordinal) && html.Contains("src=", StringComparison.Ordinal), "no external resources");
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase));
        Assert.IsFalse(html.Contains("<link", StringComparison.OrdinalIgnoreCase));
    }
}
