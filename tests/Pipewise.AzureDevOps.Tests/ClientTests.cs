using System.Net;
using System.Text;
using System.Text.Json;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class ClientTests
{
    /// <summary>The replay handlers read Microsoft's examples lazily; require them here so a missing ../shared is inconclusive, not a 500.</summary>
    [TestInitialize]
    public void RequireFixtures() => _ = Fixtures.Path("build-builds-get.json");

    private const string Pat = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";

    private static (AzureDevOpsClientFactory Factory, IAzureDevOpsClient Client) Create(ReplayServer server, AzureDevOpsCredential? credential = null)
    {
        var factory = new AzureDevOpsClientFactory(Fixtures.FastRetries);
        var client = factory.Create(new AzureDevOpsConnection(new Uri(server.BaseUrl, "fabrikam/"), credential ?? new AzureDevOpsCredential(Fixtures.Token, AzureDevOpsAuthScheme.JobToken)));
        return (factory, client);
    }

    [TestMethod]
    public async Task GetBuildsAsync_ContinuationToken_FollowsEveryPage()
    {
        await using var server = await ReplayServer.StartAsync();
        var page2 = Fixtures.Body("build-builds-list-continuation.json");
        server.Map("GET", Fixtures.ProjectPath() + "build/builds", request =>
            Fixtures.QueryOf(request).TryGetValue("continuationToken", out var token)
                ? (token == "page+2/=" ? ReplayResponse.Json(page2) : new ReplayResponse(400, "{\"message\":\"bad token\"}"))
                : ReplayResponse.Json(Fixtures.Body("build-builds-list.json"), headers: new Dictionary<string, string> { ["X-MS-ContinuationToken"] = "page+2/=" }));
        var (factory, client) = Create(server);
        using (factory)
        {
            var builds = await client.GetBuildsAsync("Fabrikam-Fiber-Git", 25, 100);

            Assert.AreEqual(2, server.Requests.Count);
            Assert.AreEqual("page+2/=", Fixtures.QueryOf(server.Requests[1])["continuationToken"], "the token goes back escaped and arrives intact");
            Assert.AreEqual(2, builds.Count);
            Assert.AreEqual(391, builds[1].Id);
        }
    }

    [TestMethod]
    public async Task GetBuildsAsync_TopReached_StopsPaging()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("GET", Fixtures.ProjectPath() + "build/builds", _ =>
            ReplayResponse.Json(Fixtures.Body("build-builds-list.json"), headers: new Dictionary<string, string> { ["x-ms-continuationtoken"] = "more" }));
        var (factory, client) = Create(server);
        using (factory)
        {
            var builds = await client.GetBuildsAsync("Fabrikam-Fiber-Git", 25, 1);

            Assert.AreEqual(1, builds.Count);
            Assert.AreEqual(1, server.Requests.Count);
        }
    }

    [TestMethod]
    public async Task GetBuildAsync_401_SaysTheTokenWasRejectedWithoutShowingIt()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("GET", Fixtures.ProjectPath() + "build/builds/391", new ReplayResponse(401, $"{{\"message\":\"TF400813: token {Fixtures.Token} is not authorized\"}}"));
        var (factory, client) = Create(server);
        using (factory)
        {
            var ex = await Assert.ThrowsExactlyAsync<AzureDevOpsApiException>(() => client.GetBuildAsync("Fabrikam-Fiber-Git", 391));

            Assert.AreEqual(HttpStatusCode.Unauthorized, ex.StatusCode);
            StringAssert.Contains(ex.Message, "rejected the job token");
            StringAssert.Contains(ex.Message, "401");
            StringAssert.Contains(ex.Message, "System.AccessToken");
            Assert.IsFalse(ex.Message.Contains(Fixtures.Token, StringComparison.Ordinal), ex.Message);
            Assert.AreEqual(1, server.Requests.Count, "401 is not retried");
        }
    }

    [TestMethod]
    public async Task CreatePullRequestStatusAsync_403_NamesTheMissingScope()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("POST", Fixtures.ProjectPath() + "git/repositories/{repo}/pullRequests/{pr}/statuses", new ReplayResponse(403, "{\"message\":\"TF401027: You need the Git 'PullRequestContribute' permission.\"}"));
        var (factory, client) = Create(server, new AzureDevOpsCredential(Pat, AzureDevOpsAuthScheme.PersonalAccessToken));
        using (factory)
        {
            var ex = await Assert.ThrowsExactlyAsync<AzureDevOpsApiException>(() =>
                client.CreatePullRequestStatusAsync("Fabrikam-Fiber-Git", "repo-1", 7, new GitPullRequestStatus { State = GitStatusState.Succeeded, Context = new GitStatusContext { Name = "risk", Genre = "pipewise" } }));

            Assert.AreEqual(HttpStatusCode.Forbidden, ex.StatusCode);
            Assert.AreEqual("vso.code_status", ex.Scope);
            StringAssert.StartsWith(ex.Message, "The personal access token lacks scope vso.code_status");
            StringAssert.Contains(ex.Message, "Contribute to pull requests");
            StringAssert.Contains(ex.Message, "PullRequestContribute", "the server's own reason is kept");
            Assert.IsFalse(ex.Message.Contains(Pat, StringComparison.Ordinal));
            Assert.IsFalse(ex.Message.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat)), StringComparison.Ordinal));
            Assert.AreEqual("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat)), server.Requests.Single().Header("Authorization"));
        }
    }

    [TestMethod]
    public async Task GetBuildAsync_429WithRetryAfter_WaitsAndRetries()
    {
        await using var server = await ReplayServer.StartAsync();
        var calls = 0;
        server.Map("GET", Fixtures.ProjectPath() + "build/builds/391", _ =>
            Interlocked.Increment(ref calls) == 1
                ? new ReplayResponse(429, "{\"message\":\"throttled\"}", new Dictionary<string, string> { ["Retry-After"] = "1" })
                : Fixtures.Json("build-builds-get.json"));
        var (factory, client) = Create(server);
        using (factory)
        {
            var started = DateTimeOffset.UtcNow;
            var build = await client.GetBuildAsync("Fabrikam-Fiber-Git", 391);
            var waited = DateTimeOffset.UtcNow - started;

            Assert.AreEqual(391, build.Id);
            Assert.AreEqual(2, server.Requests.Count);
            Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), waited, $"Retry-After: 1 was honoured (waited {waited})");
        }
    }

    [TestMethod]
    public async Task CreateThreadAsync_429_IsRetriedEvenForPost()
    {
        await using var server = await ReplayServer.StartAsync();
        var calls = 0;
        server.Map("POST", Fixtures.ProjectPath() + "git/repositories/{repo}/pullRequests/{pr}/threads", _ =>
            Interlocked.Increment(ref calls) == 1
                ? new ReplayResponse(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "0" })
                : Fixtures.Json("git-pull-request-threads-create.json"));
        var (factory, client) = Create(server);
        using (factory)
        {
            var thread = await client.CreateThreadAsync("Fabrikam-Fiber-Git", "repo-1", 7, "hello");

            Assert.AreEqual(2, server.Requests.Count);
            Assert.AreEqual(CommentThreadStatus.Active, thread.Status);
        }
    }

    [TestMethod]
    public async Task GetBuildAsync_Transient503_RetriesThenSucceeds()
    {
        await using var server = await ReplayServer.StartAsync();
        var calls = 0;
        server.Map("GET", Fixtures.ProjectPath() + "build/builds/391", _ =>
            Interlocked.Increment(ref calls) <= 2 ? new ReplayResponse(503, "{\"message\":\"down\"}") : Fixtures.Json("build-builds-get.json"));
        var (factory, client) = Create(server);
        using (factory)
        {
            var build = await client.GetBuildAsync("Fabrikam-Fiber-Git", 391);

            Assert.AreEqual(391, build.Id);
            Assert.AreEqual(3, server.Requests.Count);
        }
    }

    [TestMethod]
    public async Task GetBuildAsync_Persistent500_FailsWithClearMessageAfterRetries()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("GET", Fixtures.ProjectPath() + "build/builds/391", new ReplayResponse(500, "{\"message\":\"boom\"}"));
        var (factory, client) = Create(server);
        using (factory)
        {
            var ex = await Assert.ThrowsExactlyAsync<AzureDevOpsApiException>(() => client.GetBuildAsync("Fabrikam-Fiber-Git", 391));

            Assert.AreEqual(4, server.Requests.Count, "first attempt + 3 retries");
            StringAssert.Contains(ex.Message, "500");
            StringAssert.Contains(ex.Message, "build/builds/391");
        }
    }

    [TestMethod]
    public async Task CreateThreadAsync_500_IsNotRetriedSoNoDuplicateThread()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Map("POST", Fixtures.ProjectPath() + "git/repositories/{repo}/pullRequests/{pr}/threads", new ReplayResponse(500, "{}"));
        var (factory, client) = Create(server);
        using (factory)
        {
            await Assert.ThrowsExactlyAsync<AzureDevOpsApiException>(() => client.CreateThreadAsync("Fabrikam-Fiber-Git", "repo-1", 7, "hello"));

            Assert.AreEqual(1, server.Requests.Count);
        }
    }

    [TestMethod]
    public void Deserialize_MinimumDateAndOddlyCasedEnums_ReadAsNullAndKnownValues()
    {
        var json = """
            {"id":1,"status":"COMPLETED","result":"partiallySucceeded","queueTime":"0001-01-01T00:00:00","startTime":"2020-01-02T03:04:05","finishTime":null}
            """;
        var build = JsonSerializer.Deserialize<Build>(json, AzureDevOpsJson.Options)!;

        Assert.AreEqual(BuildStatus.Completed, build.Status);
        Assert.AreEqual(BuildResult.PartiallySucceeded, build.Result);
        Assert.IsNull(build.QueueTime);
        Assert.AreEqual(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), build.StartTime, "a date without an offset is UTC");
        Assert.IsNull(build.FinishTime);

        var odd = JsonSerializer.Deserialize<Build>("""{"id":2,"status":"somethingNew","result":3}""", AzureDevOpsJson.Options)!;
        Assert.AreEqual(BuildStatus.Unknown, odd.Status, "an unknown enum value does not break parsing");
        Assert.AreEqual(BuildResult.PartiallySucceeded, odd.Result, "numeric enums are read too");
    }

    [TestMethod]
    public void ReleaseHostFor_CloudHosts_InsertVsrm()
    {
        Assert.AreEqual("https://vsrm.dev.azure.com/fabrikam/", AzureDevOpsConnection.ReleaseHostFor(new Uri("https://dev.azure.com/fabrikam/")).AbsoluteUri);
        Assert.AreEqual("https://fabrikam.vsrm.visualstudio.com/", AzureDevOpsConnection.ReleaseHostFor(new Uri("https://fabrikam.visualstudio.com")).AbsoluteUri);
        Assert.AreEqual("https://tfs.contoso.com/tfs/DefaultCollection/", AzureDevOpsConnection.ReleaseHostFor(new Uri("https://tfs.contoso.com/tfs/DefaultCollection")).AbsoluteUri);
        Assert.AreEqual("fabrikam", AzureDevOpsConnection.OrganizationOf(new Uri("https://dev.azure.com/fabrikam/")));
        Assert.AreEqual("fabrikam", AzureDevOpsConnection.OrganizationOf(new Uri("https://fabrikam.visualstudio.com/")));
        Assert.AreEqual("DefaultCollection", AzureDevOpsConnection.OrganizationOf(new Uri("https://tfs.contoso.com/tfs/DefaultCollection/")));
    }

    [TestMethod]
    public void Detect_JwtIsBearerAndPatIsBasic()
    {
        Assert.AreEqual(AzureDevOpsAuthScheme.JobToken, AzureDevOpsCredential.Detect(Fixtures.Token).Scheme);
        Assert.AreEqual(AzureDevOpsAuthScheme.PersonalAccessToken, AzureDevOpsCredential.Detect(Pat).Scheme);
        Assert.AreEqual(AzureDevOpsAuthScheme.JobToken, AzureDevOpsCredential.Detect(Pat, "bearer").Scheme);
        Assert.AreEqual("Bearer", AzureDevOpsCredential.Detect(Fixtures.Token).ToHeader().Scheme);
        Assert.IsFalse(AzureDevOpsCredential.Detect(Pat).ToString().Contains(Pat, StringComparison.Ordinal));
    }
}
