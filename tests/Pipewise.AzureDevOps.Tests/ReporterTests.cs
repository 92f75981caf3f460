using System.Text.Json;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Gate;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class ReporterTests
{
    private const string Repo = "3411ebc1-d5aa-464f-9615-0b527bc66719";
    private static readonly string PrPath = Fixtures.ProjectPath() + $"git/repositories/{Repo}/pullRequests/22/";

    /// <summary>The token's identity: the author of the documented thread-create response.</summary>
    private const string Self = "d6245f20-2af8-44f4-9451-8107cb2767db";
    private static readonly string Marker = AzurePipelinesReporter.CommentMarker.Replace("\"", "\\\"", StringComparison.Ordinal);

    public TestContext TestContext { get; set; } = null!;

    private Dictionary<string, string?> PrEnvironment(ReplayServer server)
    {
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "22";
        env["BUILD_REPOSITORY_ID"] = Repo;
        env["AGENT_TEMPDIRECTORY"] = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "agent-temp-" + Guid.NewGuid().ToString("N"));
        return env;
    }

    private static void MapPullRequest(ReplayServer server, string threads = "git-pull-request-threads-list.json")
    {
        server.Map("GET", PrPath + "iterations", ReplayResponse.Json("""{"count":3,"value":[{"id":1},{"id":3},{"id":2}]}"""));
        server.Map("POST", PrPath + "statuses", Fixtures.Json("git-pull-request-statuses-create-iteration-in-body.json"));
        server.Map("GET", PrPath + "threads", Fixtures.Json(threads));
        server.Map("GET", "/fabrikam/_apis/connectionData", ReplayResponse.Json($$$"""{"authenticatedUser":{"id":"{{{Self}}}","providerDisplayName":"Normal Paulk"},"authorizedUser":{"id":"{{{Self}}}"}}"""));
        server.Map("POST", PrPath + "threads", Fixtures.Json("git-pull-request-threads-create.json"));
        server.Map("PATCH", PrPath + "threads/{t}/comments/{c}", Fixtures.Json("git-pull-request-thread-comments-create.json"));
    }

    [TestMethod]
    public async Task ReportAsync_PullRequestBuild_SendsDocumentedCommandsStatusAndComment()
    {
        await using var server = await ReplayServer.StartAsync();
        MapPullRequest(server);
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, PrEnvironment(server), output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Warn));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.AreEqual("##vso[task.setsecret]" + Fixtures.Token, lines[0], "the token is masked before anything else is written");
        Assert.IsTrue(lines.Skip(1).All(l => !l.Contains(Fixtures.Token, StringComparison.Ordinal)), "the token appears nowhere else");

        var commands = ParsedCommand.ParseAll(output.ToString());
        var variables = commands.Where(c => c.Name == "task.setvariable").ToDictionary(c => c.Properties["variable"], c => c);
        CollectionAssert.AreEquivalent(new[] { "risk", "verdict", "expectedDuration", "anomaly", "strategy", "suggestions", "modelVersion" }, variables.Keys.ToArray());
        Assert.IsTrue(variables.Values.All(v => v.Properties["isOutput"] == "true"));
        Assert.AreEqual("0.420", variables["risk"].Data);
        Assert.AreEqual("warn", variables["verdict"].Data);
        Assert.AreEqual("280", variables["expectedDuration"].Data);
        Assert.AreEqual("canary", variables["strategy"].Data);
        using (var suggestions = JsonDocument.Parse(variables["suggestions"].Data))
        {
            Assert.AreEqual("cache-deps", suggestions.RootElement[0].GetProperty("id").GetString());
        }

        var issue = commands.Single(c => c.Name == "task.logissue");
        Assert.AreEqual("warning", issue.Properties["type"]);
        StringAssert.Contains(issue.Data, "Failure risk 0.42");

        var summary = commands.Single(c => c.Name == "task.uploadsummary");
        Assert.IsTrue(Path.IsPathRooted(summary.Data));
        Assert.IsTrue(File.Exists(summary.Data));
        Assert.AreEqual("Pipewise.md", Path.GetFileName(summary.Data));
        StringAssert.Contains(File.ReadAllText(summary.Data), "Cache@2", "the Azure Pipelines snippet is shown");

        Assert.AreEqual("pipewise-warn", commands.Single(c => c.Name == "build.addbuildtag").Data);
        var complete = commands[^1];
        Assert.AreEqual("task.complete", complete.Name);
        Assert.AreEqual("SucceededWithIssues", complete.Properties["result"]);

        var status = server.RequestsTo("POST", PrPath + "statuses").Single();
        Assert.AreEqual("7.1", Fixtures.QueryOf(status)["api-version"]);
        Assert.AreEqual("Bearer " + Fixtures.Token, status.Header("Authorization"));
        using (var body = JsonDocument.Parse(status.Body))
        {
            var root = body.RootElement;
            Assert.AreEqual("pipewise", root.GetProperty("context").GetProperty("genre").GetString());
            Assert.AreEqual("risk", root.GetProperty("context").GetProperty("name").GetString());
            Assert.AreEqual(3, root.GetProperty("iterationId").GetInt32(), "the latest iteration");
            Assert.AreEqual("succeeded", root.GetProperty("state").GetString(), "advise mode never blocks");
            StringAssert.Contains(root.GetProperty("description").GetString(), "risk 0.42");
            StringAssert.EndsWith(root.GetProperty("targetUrl").GetString(), "/fabrikam/Fabrikam-Fiber-Git/_build/results?buildId=391");
        }

        Assert.AreEqual(0, server.RequestsTo("PATCH", PrPath + "threads/147/comments/1").Count);
        var thread = server.RequestsTo("POST", PrPath + "threads").Single();
        Assert.AreEqual("7.1", Fixtures.QueryOf(thread)["api-version"]);
        using (var body = JsonDocument.Parse(thread.Body))
        {
            var documented = Fixtures.RequestBody("git-pull-request-threads-create.json");
            var root = body.RootElement;
            Assert.AreEqual(documented.GetProperty("status").GetInt32(), root.GetProperty("status").GetInt32());
            var comment = root.GetProperty("comments")[0];
            Assert.AreEqual(0, comment.GetProperty("parentCommentId").GetInt32());
            Assert.AreEqual(documented.GetProperty("comments")[0].GetProperty("commentType").GetInt32(), comment.GetProperty("commentType").GetInt32());
            StringAssert.StartsWith(comment.GetProperty("content").GetString(), AzurePipelinesReporter.CommentMarker);
        }
    }

    [TestMethod]
    public async Task ReportAsync_CommentAlreadyThere_UpdatesItInPlace()
    {
        await using var server = await ReplayServer.StartAsync();
        MapPullRequest(server);
        var existing = $$$"""
            {"count":2,"value":[
              {"id":141,"status":"active","comments":[{"id":1,"content":"someone else","commentType":"text"}]},
              {"id":150,"status":"active","comments":[{"id":1,"content":"{{{Marker}}}\nold summary","commentType":"text","author":{"id":"{{{Self}}}"}},{"id":2,"content":"a reply","commentType":"text"}]}
            ]}
            """;
        server.Map("GET", PrPath + "threads", ReplayResponse.Json(existing));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, PrEnvironment(server), output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Pass));

        Assert.AreEqual(0, server.RequestsTo("POST", PrPath + "threads").Count, "no second comment");
        var patch = server.RequestsTo("PATCH", PrPath + "threads/150/comments/1").Single();
        Assert.AreEqual("7.1", Fixtures.QueryOf(patch)["api-version"]);
        using var body = JsonDocument.Parse(patch.Body);
        StringAssert.StartsWith(body.RootElement.GetProperty("content").GetString(), AzurePipelinesReporter.CommentMarker);
        Assert.AreEqual("Succeeded", ParsedCommand.ParseAll(output.ToString())[^1].Properties["result"]);
    }

    [TestMethod]
    public async Task ReportAsync_MarkerInSomeoneElsesThreadOrReply_IsIgnoredAndANewThreadCreated()
    {
        await using var server = await ReplayServer.StartAsync();
        MapPullRequest(server);
        var hostile = $$$"""
            {"count":3,"value":[
              {"id":141,"status":"active","comments":[{"id":1,"content":"{{{Marker}}}\nforged by a stranger","commentType":"text","author":{"id":"0a0a0a0a-0000-0000-0000-000000000bad"}}]},
              {"id":142,"status":"active","comments":[{"id":1,"content":"quoting: {{{Marker}}}","commentType":"text","author":{"id":"{{{Self}}}"}}]},
              {"id":143,"status":"active","comments":[{"id":1,"content":"a review","commentType":"text","author":{"id":"0a0a0a0a-0000-0000-0000-000000000bad"}},{"id":2,"content":"{{{Marker}}}\nreply","commentType":"text","author":{"id":"{{{Self}}}"}}]}
            ]}
            """;
        server.Map("GET", PrPath + "threads", ReplayResponse.Json(hostile));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, PrEnvironment(server), output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Pass));

        Assert.IsEmpty(server.Requests.Where(r => r.Method == "PATCH").ToList(), "no foreign, quoted or reply comment is edited");
        Assert.HasCount(1, server.RequestsTo("POST", PrPath + "threads"), "Pipewise opens its own thread");
    }

    [TestMethod]
    public async Task ReportAsync_EnforceFail_PostsFailedStatusAndFailsTheTask()
    {
        await using var server = await ReplayServer.StartAsync();
        MapPullRequest(server);
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, PrEnvironment(server), output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Fail, GateMode.Enforce));

        var commands = ParsedCommand.ParseAll(output.ToString());
        Assert.AreEqual("error", commands.Single(c => c.Name == "task.logissue").Properties["type"]);
        Assert.AreEqual("Failed", commands[^1].Properties["result"]);
        using var body = JsonDocument.Parse(server.RequestsTo("POST", PrPath + "statuses").Single().Body);
        Assert.AreEqual("failed", body.RootElement.GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task ReportAsync_ApiRefusesStatusAndComment_WarnsAndNeverThrows()
    {
        await using var server = await ReplayServer.StartAsync();
        MapPullRequest(server);
        server.Map("POST", PrPath + "statuses", new ReplayResponse(403, "{\"message\":\"TF401027: You need the Git 'PullRequestContribute' permission to perform this action.\"}"));
        server.Map("GET", PrPath + "threads", new ReplayResponse(500, "{\"message\":\"internal\"}"));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, PrEnvironment(server), output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Warn));

        var commands = ParsedCommand.ParseAll(output.ToString());
        var warnings = commands.Where(c => c.Name == "task.logissue" && c.Properties["type"] == "warning").Select(c => c.Data).ToList();
        Assert.IsTrue(warnings.Any(w => w.Contains("lacks scope vso.code_status", StringComparison.Ordinal)), string.Join("\n", warnings));
        Assert.IsTrue(warnings.Any(w => w.Contains("comment", StringComparison.Ordinal) && w.Contains("500", StringComparison.Ordinal)), string.Join("\n", warnings));
        Assert.AreEqual("task.complete", commands[^1].Name, "reporting went on to the end");
        Assert.IsFalse(output.ToString().Split('\n').Skip(1).Any(l => l.Contains(Fixtures.Token, StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ReportAsync_NoServerAtAll_StillWritesCommandsAndDoesNotThrow()
    {
        var env = Fixtures.BuildEnvironment(new Uri("http://127.0.0.1:9/fabrikam/"));
        env["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "22";
        env["AGENT_TEMPDIRECTORY"] = Path.Combine(Path.GetTempPath(), "pipewise-ado-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var host = AzurePipelinesRunHost.CreateHost(
            new Core.Hosting.RunHostSettings { Environment = env, Output = output },
            Fixtures.FastRetries with { MaxRetries = 0 });

        await host.ReportAsync(Outcomes.Outcome(Verdict.Warn));

        var commands = ParsedCommand.ParseAll(output.ToString());
        Assert.IsTrue(commands.Any(c => c.Name == "task.setvariable"));
        Assert.IsTrue(commands.Any(c => c.Name == "task.logissue" && c.Data.Contains("could not post the pull request status", StringComparison.Ordinal)));
        Assert.AreEqual("task.complete", commands[^1].Name);
    }

    [TestMethod]
    public async Task ReportAsync_NotAPullRequest_CallsNoApi()
    {
        await using var server = await ReplayServer.StartAsync();
        using var output = new StringWriter();
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["AGENT_TEMPDIRECTORY"] = Path.Combine(Path.GetTempPath(), "pipewise-ado-" + Guid.NewGuid().ToString("N"));
        using var host = Fixtures.Host(server, env, output);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Pass, run: Outcomes.Run(pullRequest: null)));

        Assert.AreEqual(0, server.Requests.Count);
        Assert.AreEqual("Succeeded", ParsedCommand.ParseAll(output.ToString())[^1].Properties["result"]);
    }
}
