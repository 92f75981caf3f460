using Pipewise.Core.Gate;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

/// <summary>ADR 0012: what one build costs in Azure DevOps requests when Pipewise collects and reports it from inside its own job.</summary>
[TestClass]
public sealed class RequestBudgetTests
{
    private const string Repo = "3411ebc1-d5aa-464f-9615-0b527bc66719";
    private const string Self = "d6245f20-2af8-44f4-9451-8107cb2767db";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CollectAndReport_PullRequestBuildWith23TestRuns_MakesAtMostEightRequests()
    {
        await using var server = await ReplayServer.StartAsync();
        var p = Fixtures.ProjectPath();
        server.Map("GET", $"{p}build/builds/391", Fixtures.Json("build-builds-get.json"));
        server.Map("GET", $"{p}build/builds/391/timeline", Fixtures.Json("build-timeline-get.json"));
        server.Map("GET", $"{p}test/runs", Fixtures.Json("test-runs-list-include-run-details.json"));
        server.Map("GET", $"{p}test/Runs/{{runId}}/results", Fixtures.Json("test-results-list.json"));
        var pr = p + $"git/repositories/{Repo}/pullRequests/22/";
        server.Map("GET", pr + "iterations", ReplayResponse.Json("""{"count":3,"value":[{"id":1},{"id":3},{"id":2}]}"""));
        server.Map("POST", pr + "statuses", Fixtures.Json("git-pull-request-statuses-create-iteration-in-body.json"));
        server.Map("GET", pr + "threads", Fixtures.Json("git-pull-request-threads-list.json"));
        server.Map("GET", "/fabrikam/_apis/connectionData", ReplayResponse.Json($$$"""{"authenticatedUser":{"id":"{{{Self}}}","providerDisplayName":"Normal Paulk"},"authorizedUser":{"id":"{{{Self}}}"}}"""));
        server.Map("POST", pr + "threads", Fixtures.Json("git-pull-request-threads-create.json"));
        server.Map("PATCH", pr + "threads/{t}/comments/{c}", Fixtures.Json("git-pull-request-thread-comments-create.json"));
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "22";
        env["BUILD_REPOSITORY_ID"] = Repo;
        env["AGENT_TEMPDIRECTORY"] = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "agent-temp-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, env, output);

        var run = await host.CollectAsync(TestContext.CancellationToken);
        var collected = server.Requests.Count;
        await host.ReportAsync(Outcomes.Outcome(Verdict.Warn, run: run with { PullRequest = 22 }), TestContext.CancellationToken);

        var all = server.Requests;
        TestContext.WriteLine($"Azure DevOps requests per build: {all.Count} ({collected} to collect): " + string.Join(", ", all.Select(r => r.Method + " " + r.Path)));
        Assert.IsLessThanOrEqualTo(8, all.Count, string.Join("\n", all.Select(r => r.Method + " " + r.Path)));
        Assert.AreEqual(40, run.Tests!.Total, "the 23 test runs' totals, from the one list request");
    }
}
