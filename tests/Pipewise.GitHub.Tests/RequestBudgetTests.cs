using Pipewise.Core.Gate;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

/// <summary>ADR 0012: what one run costs in GitHub API requests when Pipewise collects and reports it from inside its own step.</summary>
[TestClass]
public sealed class RequestBudgetTests
{
    private const string Sha = "acb5820ced9479c074f688cc328bf03f341a511d";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CollectAndReport_PullRequestRunWithGitHubToken_MakesAtMostSixRequests()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var comments = new CommentStore(server);
        comments.Add(GitHubReporter.CommentMarker("159038") + "\nearlier run", 90, CommentStore.ActionsBot);
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", Fixtures.File("repos-create-commit-status.json", 201));
        server.Map("POST", "/repos/octo-org/octo-repo/check-runs", Fixtures.File("checks-create.response.completed.json", 201));
        using var runner = new FakeRunner(eventName: "pull_request", eventJson: File.ReadAllText(Fixtures.Webhook("pull_request.opened.payload.json")));
        var host = runner.Host(server.BaseUrl);

        var run = await host.CollectAsync(TestContext.CancellationToken);
        var collected = server.Requests.Count;
        await host.ReportAsync(Outcomes.Outcome(run with { PullRequest = 1347 }, Verdict.Warn), TestContext.CancellationToken);

        var all = server.Requests;
        TestContext.WriteLine($"GitHub requests per run: {all.Count} ({collected} to collect): " + string.Join(", ", all.Select(r => r.Method + " " + r.Path)));
        Assert.IsLessThanOrEqualTo(6, all.Count, string.Join("\n", all.Select(r => r.Method + " " + r.Path)));
        Assert.IsEmpty(server.RequestsTo("GET", "/repos/octo-org/octo-repo/actions/runs/30433642/timing"), "/timing is closing down and refuses App tokens");
        Assert.HasCount(1, all.Where(r => r.Method == "POST" && (r.Path.Contains("/statuses/", StringComparison.Ordinal) || r.Path.EndsWith("/check-runs", StringComparison.Ordinal))).ToList(), "one pipewise/risk check on the PR, not two");
        Assert.HasCount(1, comments.Bodies, "the run's comment is edited in place");
    }

    [TestMethod]
    public async Task CollectAndReport_FirstRunOfAPullRequest_MakesAtMostSevenRequests()
    {
        await using var server = (await ReplayServer.StartAsync()).MapRun();
        var comments = new CommentStore(server);
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", Fixtures.File("repos-create-commit-status.json", 201));
        using var runner = new FakeRunner(eventName: "pull_request", eventJson: File.ReadAllText(Fixtures.Webhook("pull_request.opened.payload.json")));
        var host = runner.Host(server.BaseUrl);

        var run = await host.CollectAsync(TestContext.CancellationToken);
        await host.ReportAsync(Outcomes.Outcome(run with { PullRequest = 1347 }, Verdict.Warn), TestContext.CancellationToken);

        // The one extra request: after creating the comment, the list is read again so two jobs racing keep one comment.
        Assert.IsLessThanOrEqualTo(7, server.Requests.Count, string.Join("\n", server.Requests.Select(r => r.Method + " " + r.Path)));
        Assert.IsEmpty(server.RequestsTo("GET", "/user"), "GET /user refuses installation tokens: not asked");
        Assert.HasCount(1, comments.Bodies);
    }
}
