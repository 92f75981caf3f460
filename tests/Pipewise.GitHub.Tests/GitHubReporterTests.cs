using System.Text.Json;
using Pipewise.Core.Gate;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class GitHubReporterTests
{
    private const string Sha = "acb5820ced9479c074f688cc328bf03f341a511d";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ReportAsync_PullRequest_SendsOneStatusAndACommentAsDocumented()
    {
        await using var server = await ReplayServer.StartAsync();
        var comments = new CommentStore(server);
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", Fixtures.File("repos-create-commit-status.json", 201));
        server.Map("POST", "/repos/octo-org/octo-repo/check-runs", Fixtures.File("checks-create.response.completed.json", 201));
        using var runner = new FakeRunner();
        var host = runner.Host(server.BaseUrl);

        await host.ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Fail, GateMode.Enforce), TestContext.CancellationToken);

        var status = server.RequestsTo("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}").Single();
        Assert.AreEqual("Bearer " + FakeRunner.Token, status.Header("Authorization"));
        Assert.AreEqual("application/vnd.github+json", status.Header("Accept"));
        using (var body = JsonDocument.Parse(status.Body))
        {
            // Same fields as GitHub's own request example.
            var example = JsonDocument.Parse(File.ReadAllText(Fixtures.Rest("repos-create-commit-status.request.json")));
            foreach (var field in example.RootElement.EnumerateObject())
            {
                Assert.IsTrue(body.RootElement.TryGetProperty(field.Name, out _), $"status body lacks '{field.Name}'");
            }

            Assert.AreEqual("failure", body.RootElement.GetProperty("state").GetString());
            Assert.AreEqual("pipewise/risk", body.RootElement.GetProperty("context").GetString());
            Assert.AreEqual("https://github.com/octo-org/octo-repo/actions/runs/30433642", body.RootElement.GetProperty("target_url").GetString());
            Assert.IsLessThanOrEqualTo(140, body.RootElement.GetProperty("description").GetString()!.Length);
        }

        Assert.IsEmpty(server.RequestsTo("POST", "/repos/octo-org/octo-repo/check-runs"), "one pipewise/risk check on the PR: no check run beside the status (ADR 0012)");
        Assert.IsEmpty(server.RequestsTo("GET", "/user"), "GET /user refuses installation tokens: not asked");

        var posted = server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments").Single();
        using (var body = JsonDocument.Parse(posted.Body))
        {
            var text = body.RootElement.GetProperty("body").GetString()!;
            StringAssert.StartsWith(text, GitHubReporter.CommentMarker("159038"));
            StringAssert.Contains(text, "Pipewise");
        }

        Assert.HasCount(1, comments.Bodies);
        Assert.IsFalse(runner.Log.ToString().Contains("::warning::Pipewise could not", StringComparison.Ordinal), runner.Log.ToString());
    }

    [TestMethod]
    public async Task ReportAsync_RunAgain_EditsTheSameCommentInsteadOfAddingOne()
    {
        await using var server = await ReplayServer.StartAsync();
        var comments = new CommentStore(server);
        comments.Add("Looks good to me", 5);
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", Fixtures.File("repos-create-commit-status.json", 201));
        using var runner = new FakeRunner();

        await runner.Host(server.BaseUrl, token: "ghp_classic").ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Warn), TestContext.CancellationToken);
        await runner.Host(server.BaseUrl, token: "ghp_classic").ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Pass), TestContext.CancellationToken);
        await runner.Host(server.BaseUrl, token: "ghp_classic").ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Fail), TestContext.CancellationToken);

        var ours = comments.Bodies.Where(b => b.Value.StartsWith(GitHubReporter.CommentMarker("159038"), StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, ours, "one Pipewise comment per PR");
        Assert.HasCount(2, comments.Bodies, "the user's comment is untouched");
        Assert.HasCount(1, server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments"));
        Assert.HasCount(2, server.Requests.Where(r => r.Method == "PATCH" && r.Path == $"/repos/octo-org/octo-repo/issues/comments/{ours[0].Key}").ToList());
        StringAssert.Contains(ours[0].Value, "fail");
        Assert.IsEmpty(server.RequestsTo("POST", "/repos/octo-org/octo-repo/check-runs"), "a classic token cannot create check runs");
    }

    [TestMethod]
    [DataRow("ghp_classic", DisplayName = "classic token (GET /user)")]
    [DataRow(FakeRunner.Token, DisplayName = "GITHUB_TOKEN (github-actions[bot])")]
    public async Task ReportAsync_StrangersCommentCarriesTheMarker_IsIgnoredNeverEditedOrDeleted(string token)
    {
        await using var server = await ReplayServer.StartAsync();
        var comments = new CommentStore(server);
        var marker = GitHubReporter.CommentMarker("159038");
        comments.Add(marker + "\nI wrote this, not Pipewise", 5, author: "mallory");
        using var runner = new FakeRunner();

        await runner.Host(server.BaseUrl, token: token, postStatus: false).ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Warn), TestContext.CancellationToken);
        await runner.Host(server.BaseUrl, token: token, postStatus: false).ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Fail), TestContext.CancellationToken);

        Assert.AreEqual(marker + "\nI wrote this, not Pipewise", comments.Bodies[5], "the stranger's comment is untouched");
        Assert.IsEmpty(server.Requests.Where(r => r.Path == "/repos/octo-org/octo-repo/issues/comments/5").ToList(), "never edited or deleted");
        Assert.HasCount(1, server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments"), "Pipewise created its own once, then edited it");
        Assert.HasCount(2, comments.Bodies);
        StringAssert.Contains(comments.Bodies.Single(b => b.Key != 5).Value, "fail");
        Assert.IsFalse(runner.Log.ToString().Contains("could not", StringComparison.Ordinal), runner.Log.ToString());
    }

    [TestMethod]
    public async Task ReportAsync_CustomAppWithCommentAuthor_EditsItsOwnCommentAndIgnoresTheActionsBots()
    {
        await using var server = await ReplayServer.StartAsync();
        var comments = new CommentStore(server);
        var marker = GitHubReporter.CommentMarker("159038");
        comments.Add(marker + "\nold Pipewise comment", 5, author: CommentStore.CustomAppBot);
        comments.Add(marker + "\nposted by another workflow's GITHUB_TOKEN", 6, author: CommentStore.ActionsBot);
        using var runner = new FakeRunner();

        await runner.Host(server.BaseUrl, token: "ghs_custom_app_token", postStatus: false, commentAuthor: CommentStore.CustomAppBot)
            .ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347), Verdict.Fail), TestContext.CancellationToken);

        StringAssert.Contains(comments.Bodies[5], "fail", "its own comment is edited in place");
        Assert.AreEqual(marker + "\nposted by another workflow's GITHUB_TOKEN", comments.Bodies[6], "the Actions bot's comment is not Pipewise's here");
        Assert.IsEmpty(server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments"), "no second comment");
        Assert.IsEmpty(server.Requests.Where(r => r.Path == "/repos/octo-org/octo-repo/issues/comments/6").ToList());
        Assert.IsEmpty(server.RequestsTo("GET", "/user"), "a configured author needs no identity lookup");
    }

    [TestMethod]
    public async Task ReportAsync_TwoJobsAtOnce_LeaveOneComment()
    {
        await using var server = await ReplayServer.StartAsync();
        var comments = new CommentStore(server);
        using var runner = new FakeRunner();
        var gate = new Barrier(2);

        // Both jobs list (no comment yet) before either creates one: the race the marker alone cannot prevent.
        var listed = 0;
        var first = runner.Host(server.BaseUrl, token: "ghp_classic", postStatus: false);
        using var otherJob = new FakeRunner();
        var second = otherJob.Host(server.BaseUrl, token: "ghp_classic", postStatus: false);
        server.Map("GET", "/repos/octo-org/octo-repo/issues/1347/comments", r =>
        {
            // The other job may start slowly when test projects run side by side on a small machine: wait long
            // enough that both really list before either creates (a timed-out barrier would not test the race).
            if (Interlocked.Increment(ref listed) <= 2 && !gate.SignalAndWait(TimeSpan.FromSeconds(90)))
            {
                return new ReplayResponse(500, "{\"message\":\"the two jobs never listed together\"}");
            }

            return ReplayResponse.Json("[" + string.Join(",", comments.Bodies.OrderBy(b => b.Key).Select(b => CommentStore.Json(b.Key, b.Value, CommentStore.ClassicUser))) + "]");
        });

        await Task.WhenAll(
            first.ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347)), TestContext.CancellationToken),
            second.ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347)), TestContext.CancellationToken));

        Assert.HasCount(2, server.RequestsTo("POST", "/repos/octo-org/octo-repo/issues/1347/comments"), "both jobs created one: " + runner.Log + string.Join(" ", server.Requests.Select(r => r.Method + " " + r.Path)));
        Assert.HasCount(1, comments.Bodies, "the newer one folded into the older one");
    }

    [TestMethod]
    public async Task ReportAsync_StatusForbiddenAndCommentsDown_WarnsAndNeverThrows()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("POST", $"/repos/octo-org/octo-repo/statuses/{Sha}", new ReplayResponse(403, "{\"message\":\"Resource not accessible by integration\"}"));
        server.Map("POST", "/repos/octo-org/octo-repo/check-runs", new ReplayResponse(403, "{\"message\":\"Resource not accessible by integration\"}"));
        server.Map("GET", "/repos/octo-org/octo-repo/issues/1347/comments", new ReplayResponse(503, "{\"message\":\"down\"}"));
        using var runner = new FakeRunner();

        await runner.Host(server.BaseUrl).ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 1347)), TestContext.CancellationToken);

        var log = runner.Log.ToString();
        StringAssert.Contains(log, "::warning::Pipewise could not post the commit status: HTTP 403");
        StringAssert.Contains(log, "::warning::Pipewise could not post the pull request comment");
        Assert.IsFalse(log.Split('\n').Skip(1).Any(l => l.Contains(FakeRunner.Token, StringComparison.Ordinal)));

        // The local parts were still written.
        StringAssert.Contains(File.ReadAllText(runner.SummaryPath), "Pipewise");
        StringAssert.Contains(File.ReadAllText(runner.OutputPath), "verdict=warn");
    }

    [TestMethod]
    public async Task ReportAsync_ApiUnreachable_FailsOpen()
    {
        Uri deadUrl;
        await using (var server = await ReplayServer.StartAsync())
        {
            deadUrl = server.BaseUrl;
        }

        using var runner = new FakeRunner();
        var host = runner.Host(deadUrl, apiOptions: FakeRunner.FastApi with { MaxRetries = 1 });

        await host.ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 3)), TestContext.CancellationToken);

        StringAssert.Contains(runner.Log.ToString(), "::warning::Pipewise could not post the commit status");
        StringAssert.Contains(File.ReadAllText(runner.OutputPath), "risk=0.620");
    }

    [TestMethod]
    public async Task ReportAsync_StatusAndCommentTurnedOff_SendsNothing()
    {
        await using var server = await ReplayServer.StartAsync();
        using var runner = new FakeRunner();

        await runner.Host(server.BaseUrl, postStatus: false, postComment: false).ReportAsync(Outcomes.Outcome(Outcomes.Run(pr: 9)), TestContext.CancellationToken);

        Assert.IsEmpty(server.Requests);
    }

    [TestMethod]
    [DataRow(Verdict.Pass, GateMode.Advise, "success")]
    [DataRow(Verdict.Warn, GateMode.Enforce, "success")]
    [DataRow(Verdict.Fail, GateMode.Advise, "success")]
    [DataRow(Verdict.Fail, GateMode.DryRun, "success")]
    [DataRow(Verdict.Fail, GateMode.Enforce, "failure")]
    public void StatusFor_Verdicts_FailOnlyWhenEnforced(Verdict verdict, GateMode mode, string expected)
    {
        var (state, description) = GitHubReporter.StatusFor(Outcomes.Outcome(verdict: verdict, mode: mode));
        Assert.AreEqual(expected, state.ToString().ToLowerInvariant());
        StringAssert.StartsWith(description, "Pipewise: " + verdict.ToString().ToLowerInvariant());
    }
}
