using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Pipewise.Agent.Insights;
using Pipewise.Agent.Learning;
using Pipewise.Composition;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Dashboard;
using Pipewise.Dashboard.Fleet;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed partial class DashboardTests
{
    private const int FleetSize = 1_020;
    private static readonly PipelineKey Web = new("azure-devops", "contoso", "web", "42");

    public TestContext TestContext { get; set; } = null!;

    [GeneratedRegex("<tr data-key=\"([^\"]+)\"")]
    private static partial Regex RowKey();

    private string ResultsFolder()
    {
        var folder = TestContext.TestRunResultsDirectory ?? TestContext.TestResultsDirectory ?? Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static List<string> Keys(string dom) => [.. RowKey().Matches(dom).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static Task<GateServiceHost> StartAsync(IPipewiseStore store, IForecaster? forecaster = null, IPredictionTracker? predictions = null, Func<string, string?>? environment = null) =>
        GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store, Forecaster = forecaster, Predictions = predictions, AgentPolicies = new QTablePolicyReader(store), Insights = new HistoryInsights() },
            GateServiceOptions.FromEnvironment(environment ?? (_ => null), new GatePolicyOptions { Mode = GateMode.Enforce }),
            "http://127.0.0.1:0");

    [TestMethod]
    public async Task Overview_OfAThousandPipelinesInChromium_ListsSortsSearchesFiltersAndPages()
    {
        Chromium.RequireInstalled();
        var store = new InMemoryStore();
        var total = await FleetSeed.SeedAsync(store, FleetSize);
        await using var host = await StartAsync(store);
        string Url(string query) => new Uri(host.BaseUrl, "dashboard" + query).ToString();

        var first = await Chromium.DumpDomAsync(Url(string.Empty));
        StringAssert.Contains(first, $"{total} pipeline(s) match · page 1 of {(total + 49) / 50}");
        Assert.HasCount(50, Keys(first), "one page of 50 rows");
        StringAssert.Contains(first, "build min");
        var shot = Path.Combine(ResultsFolder(), "pipewise-overview.png");
        await Chromium.ScreenshotAsync(Url(string.Empty), shot);
        TestContext.AddResultFile(shot);

        var byFailure = Keys(await Chromium.DumpDomAsync(Url("?sort=failure&dir=desc&period=all")));
        Assert.AreEqual(FleetSeed.NeedleKey.ToString(), byFailure[0], "the pipeline that always fails sorts first by failure rate");

        var byName = await Chromium.DumpDomAsync(Url("?sort=name&dir=asc&period=all"));
        var names = Regex.Matches(byName, "data-name=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        CollectionAssert.AreEqual(names.Order(StringComparer.Ordinal).ToList(), names, "rows are in name order");

        var search = Keys(await Chromium.DumpDomAsync(Url("?q=NEEDLE&period=all")));
        CollectionAssert.AreEqual(new[] { FleetSeed.NeedleKey.ToString() }, search, "search is case-insensitive and matches the name");

        var org = await Chromium.DumpDomAsync(Url("?org=org-3&period=all"));
        var inOrg = Enumerable.Range(0, FleetSize).Count(i => i % 7 == 3);
        StringAssert.Contains(org, $"{inOrg} pipeline(s) match");
        Assert.IsTrue(Keys(org).All(k => k.StartsWith("github/org-3/", StringComparison.Ordinal)), "the organisation filter keeps only org-3");

        var second = Keys(await Chromium.DumpDomAsync(Url("?page=2")));
        Assert.HasCount(50, second);
        Assert.IsFalse(second.Intersect(Keys(first)).Any(), "page 2 shows other pipelines than page 1");
    }

    [TestMethod]
    public async Task Overview_BadQueryParameter_Answers400NamingIt()
    {
        var store = new InMemoryStore();
        await using var host = await StartAsync(store);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(host.BaseUrl, "dashboard?sort=%3Cscript%3E"));
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(body, "Query parameter 'sort' must be one of name, runs, minutes");
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Pages_HostileNames_RenderAsTextInChromium()
    {
        Chromium.RequireInstalled();
        var store = new InMemoryStore();
        await FleetSeed.SeedAsync(store, 3);
        await using var host = await StartAsync(store);
        var overview = await Chromium.DumpDomAsync(new Uri(host.BaseUrl, "dashboard?period=all").ToString());
        var page = await Chromium.DumpDomAsync(new Uri(host.BaseUrl, "dashboard/pipeline?key=" + Uri.EscapeDataString(FleetSeed.HostileKey.ToString())).ToString());
        foreach (var dom in new[] { overview, page })
        {
            StringAssert.Contains(dom, "&lt;script&gt;alert('x')&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; deploy");
            Assert.DoesNotContain("<script>alert", dom);
            Assert.DoesNotContain("<img", dom, "a stored name must not become an element");
        }
    }

    [TestMethod]
    public async Task PipelinePage_InChromium_ShowsTimeAxisTooltipsForecastBandVerdictsAndPolicyInWords()
    {
        Chromium.RequireInstalled();
        var store = new InMemoryStore();
        var runs = await Runs.SeedAsync(store, Web, 40, name: "Web CI");
        var log = StoreVerdictLog.Create(store);
        await log.AppendAsync(Web, new VerdictRecord
        {
            RunId = runs[^1].RunId,
            At = Runs.Start.AddDays(30),
            Verdict = Verdict.Warn,
            Mode = GateMode.DryRun,
            Reasons = [new GateReason("flaky-tests", Verdict.Warn, 3, 0, "3 flaky test(s) > allowed 0")],
            Source = "run",
            ModelVersion = "bilstm@dash.2",
        });
        var recorded = runs.TakeLast(5).Select(r => new PredictionRecord
        {
            RunId = r.RunId,
            StartedAt = r.StartedAt,
            PredictedP50Seconds = 600,
            PredictedP90Seconds = 700,
            FailureProbability = 0.4,
            ModelVersion = "bilstm@recorded.1",
        }).ToList();
        var qtable = """
            { "version": 1, "scope": "pipeline+azure-devops+contoso+web+42", "states": {
                "trend=up|anomaly=normal|risk=high|queue=low|cache=on|tests=low|par=1|event=pr": { "deploy-proceed": { "q": -0.4, "n": 3 }, "deploy-canary": { "q": 0.73, "n": 5 } } } }
            """;
        await store.PutDocumentAsync("agents/pipeline+azure-devops+contoso+web+42.json", Encoding.UTF8.GetBytes(qtable), null);
        var parts = await PipewiseComponents.ForStoreAsync(store, new PipewiseSettings { Store = "memory" }, TimeProvider.System, CancellationToken.None);
        Assert.IsNotNull(parts.Forecaster, "the shipped model (models/default) is found: " + string.Join("; ", parts.Notes));
        await using var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store, Forecaster = parts.Forecaster, Predictions = new FakeTracker(recorded), Verdicts = log, AgentPolicies = parts.AgentPolicies, Insights = parts.Insights },
            GateServiceOptions.FromEnvironment(_ => null),
            "http://127.0.0.1:0");
        var url = new Uri(host.BaseUrl, "dashboard/pipeline?key=" + Uri.EscapeDataString(Web.ToString())).ToString();

        var dom = await Chromium.DumpDomAsync(url);
        var shot = Path.Combine(ResultsFolder(), "pipewise-pipeline.png");
        await Chromium.ScreenshotAsync(url, shot);
        TestContext.AddResultFile(shot);

        StringAssert.Contains(dom, "<h1>Web CI</h1>");
        StringAssert.Contains(dom, "class=\"time-axis\"");
        StringAssert.Contains(dom, "data-at=\"2026-11-0", "ticks are dates of November 2026");
        StringAssert.Contains(dom, ">Nov 3</text>", "the time axis is labelled with calendar dates");
        StringAssert.Contains(dom, "<title>#40 (1040) · 2026-11-11 02:00 UTC · branch main · commit n/a · succeeded · 11m 30s · forecast p50 10m 00s, p90 11m 40s</title>",
            "a dot's tooltip names the run, time, branch, commit, result, duration and the forecast recorded for it");
        StringAssert.Contains(dom, "data-series=\"band\"");
        StringAssert.Contains(dom, "37 of 40 run(s) have a forecast: 5 recorded when the run was scored, 32 computed now");
        StringAssert.Contains(dom, "2026-11-11 02:00 UTC</td><td>#40 (1040)</td><td class=\"warn\">warn</td>", "the verdict is shown at its run's start time");
        StringAssert.Contains(dom, "3 flaky test(s) &gt; allowed 0");
        StringAssert.Contains(dom, "On pull requests with high failure risk and durations rising: deploy as a canary (Q 0.73, the best of 2 action(s) tried there)");
        Assert.DoesNotContain("trend=up|", dom, "no raw state keys");
    }

    [TestMethod]
    public async Task Report_OfAThousandPipelines_IsBoundedSelfContainedAndSortsAndSearchesInChromium()
    {
        Chromium.RequireInstalled();
        var store = new InMemoryStore();
        var total = await FleetSeed.SeedAsync(store, FleetSize);
        var path = Path.Combine(ResultsFolder(), "pipewise-report.html");

        await DashboardReport.WriteAsync(path, new DashboardSources { Store = store, Verdicts = StoreVerdictLog.Create(store), Insights = new HistoryInsights(), Time = TimeProvider.System }, FleetPeriod.All, 10);

        var html = await File.ReadAllTextAsync(path);
        Assert.IsLessThan(2 * 1024 * 1024, html.Length, "the report stays under 2 MB for a thousand pipelines");
        Assert.AreEqual(10, Regex.Matches(html, "<section class=\"pipeline\"").Count, "only the requested number of pipeline pages");
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=\"http", html);
        var all = Keys(await Chromium.DumpDomAsync(new Uri(path).AbsoluteUri));
        Assert.HasCount(total, all, "every pipeline is a row of the report");

        var searched = await Chromium.DumpDomAsync(new Uri(path).AbsoluteUri + "#q=needle&sort=failure&dir=desc");
        StringAssert.Contains(searched, "1 pipeline(s) match");
        var visible = Regex.Matches(searched, "<tr data-key=\"([^\"]+)\"(?![^>]*hidden)").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        CollectionAssert.AreEqual(new[] { FleetSeed.NeedleKey.ToString() }, visible);

        var sorted = Keys(await Chromium.DumpDomAsync(new Uri(path).AbsoluteUri + "#sort=failure&dir=desc"));
        Assert.AreEqual(FleetSeed.NeedleKey.ToString(), sorted[0], "the script sorts by failure rate");
        var shot = Path.Combine(ResultsFolder(), "pipewise-report.png");
        await Chromium.ScreenshotAsync(new Uri(path).AbsoluteUri, shot);
        TestContext.AddResultFile(shot);
    }
}
