using System.Collections.Concurrent;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.GitHub.Backfill;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests.Backfill;

/// <summary>The API backfill against a loopback replay of a repository's history generated from GitHub's published examples.</summary>
[TestClass]
public sealed class GitHubBackfillTests
{
    private const int Runs = 250; // 3 pages of 100

    private static readonly PipelineKey Pipeline = new("github", GitHubHistoryReplay.Owner, GitHubHistoryReplay.Repo, GitHubHistoryReplay.WorkflowId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Backfill_ThreePagesAndARunWith250Jobs_StoresEveryRunAttemptAndJobWithSteps()
    {
        var history = new GitHubHistoryReplay(Runs);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();

        var (summary, reader, _) = await ImportAsync(server, store);
        TestContext.WriteLine($"backfill: {summary.Rows} runs in {summary.Elapsed.TotalSeconds:0.00} s = {summary.Rows / summary.Elapsed.TotalSeconds:0} runs/s, {reader.Requests} requests = {(double)reader.Requests / summary.Rows:0.00} per run (loopback replay)");

        Assert.AreEqual(Runs + 1, summary.Imported, "every run, and the first attempt of the re-run");
        Assert.AreEqual(0, summary.Malformed);
        var stored = await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken);
        Assert.HasCount(Runs + 1, stored);
        CollectionAssert.AreEquivalent(new[] { Pipeline }, (await store.ListPipelinesAsync(TestContext.CancellationToken)).ToArray());
        var big = stored.Single(r => r.RunId == history.BigRunId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.HasCount(250, big.Jobs);
        Assert.HasCount(250, big.Jobs.Select(j => j.Id).Distinct().ToList());
        Assert.IsTrue(stored.All(r => r.Jobs.Count > 0 && r.Jobs.All(j => j.Steps.Count == 10)), "every job has its steps");
        var rerun = stored.Where(r => r.RunId == history.RerunId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.Attempt).Order().ToArray();
        CollectionAssert.AreEqual(new[] { 1, 2 }, rerun);
        Assert.IsTrue(stored.All(r => r.Result is not null && r.FinishedAt is not null));
        Assert.HasCount(3, server.Requests.Where(r => r.Path.EndsWith("/actions/runs", StringComparison.Ordinal)).ToList(), "three pages of runs");
        Assert.HasCount(3, server.Requests.Where(r => r.Path.EndsWith($"/runs/{history.BigRunId}/attempts/1/jobs", StringComparison.Ordinal)).ToList(), "three pages of jobs");
        Assert.IsTrue(server.Requests.All(r => r.Header("Authorization") == "Bearer ghp_backfilltoken"));
    }

    [TestMethod]
    public async Task Backfill_Twice_StoresNothingTwiceAndTheSecondCostsOneConditionalRequest()
    {
        var history = new GitHubHistoryReplay(Runs);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();
        await ImportAsync(server, store);
        var firstRequests = server.Requests.Count;

        var (second, reader, backfill) = await ImportAsync(server, store);

        Assert.AreEqual(0, second.Imported);
        Assert.IsTrue(backfill.UpToDate);
        Assert.AreEqual(1, reader.Requests);
        Assert.AreEqual(history.FirstPageETag, server.Requests[firstRequests].Header("If-None-Match"));
        Assert.HasCount(Runs + 1, await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Backfill_NewRunAfterAComplete_ReadsOnlyWhatIsNew()
    {
        var store = new InMemoryStore();
        await using (var before = new GitHubHistoryReplay(Runs).MapOn(await ReplayServer.StartAsync()))
        {
            await ImportAsync(before, store);
        }

        var history = new GitHubHistoryReplay(Runs + 1);
        await using var server = history.MapOn(await ReplayServer.StartAsync());

        var (summary, reader, _) = await ImportAsync(server, store);

        Assert.AreEqual(1, summary.Imported);
        Assert.AreEqual(Runs, summary.Duplicates, "the stored runs are only listed (the stored earlier attempt is not read again)");
        Assert.HasCount(1, server.Requests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)).ToList(), "only the new run's jobs are read");
        Assert.AreEqual(0, reader.Waits);
    }

    [TestMethod]
    public async Task Backfill_InterruptedThenRunAgain_Completes()
    {
        var history = new GitHubHistoryReplay(Runs);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        history.Intercept = r => r.Query.Contains("page=3", StringComparison.Ordinal) && r.Path.EndsWith("/actions/runs", StringComparison.Ordinal)
            ? new ReplayResponse(404, """{"message":"Not Found"}""")
            : null;
        var store = new InMemoryStore();

        var failed = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => ImportAsync(server, store));
        Assert.IsInstanceOfType<GitHubRequestException>(failed.InnerException);
        var kept = await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken);
        Assert.HasCount(200, kept, "the runs of the first two pages, read before the failure, are stored");
        history.Intercept = null;

        var (resumed, _, _) = await ImportAsync(server, store);

        Assert.AreEqual(Runs + 1 - 200, resumed.Imported);
        Assert.AreEqual(200, resumed.Duplicates);
        Assert.HasCount(Runs + 1, await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Backfill_403RateLimitAnd429RetryAfter_WaitsSaysSoAndContinues()
    {
        var history = new GitHubHistoryReplay(Runs);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var limited = 0;
        var reset = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        history.Intercept = r =>
        {
            if (r.Query.Contains("page=2", StringComparison.Ordinal) && r.Path.EndsWith("/actions/runs", StringComparison.Ordinal) && Interlocked.CompareExchange(ref limited, 1, 0) == 0)
            {
                return new ReplayResponse(403, """{"message":"API rate limit exceeded"}""", new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });
            }

            if (r.Path.EndsWith($"/runs/{history.BigRunId}/attempts/1/jobs", StringComparison.Ordinal) && r.Query.Contains("page=2", StringComparison.Ordinal) && Interlocked.CompareExchange(ref limited, 2, 1) == 1)
            {
                return new ReplayResponse(429, """{"message":"You have exceeded a secondary rate limit"}""", new Dictionary<string, string> { ["Retry-After"] = "42" });
            }

            return null;
        };
        var store = new InMemoryStore();
        var log = new ConcurrentQueue<string>();

        var (summary, reader, _) = await ImportAsync(server, store, log);

        Assert.AreEqual(Runs + 1, summary.Imported);
        Assert.AreEqual(2, reader.Waits);
        CollectionAssert.Contains(delays.ToArray(), TimeSpan.FromSeconds(42));
        Assert.IsTrue(delays.Any(d => d > TimeSpan.FromMinutes(9) && d <= TimeSpan.FromMinutes(11)), string.Join(", ", delays));
        Assert.IsTrue(log.Any(l => l.Contains("waiting 42 s", StringComparison.Ordinal) && l.Contains("continuing", StringComparison.Ordinal)), string.Join("\n", log));
        Assert.IsFalse(log.Any(l => l.Contains("ghp_backfilltoken", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Backfill_401_StopsWithAClearMessageAndStoresNothing()
    {
        var history = new GitHubHistoryReplay(Runs) { Intercept = _ => new ReplayResponse(401, """{"message":"Bad credentials"}""") };
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();

        var failed = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => ImportAsync(server, store));

        var refused = (GitHubRequestException)failed.InnerException!;
        Assert.IsTrue(refused.IsUnauthorized);
        StringAssert.Contains(refused.Message, "GITHUB_TOKEN");
        StringAssert.Contains(refused.Message, "Bad credentials");
        Assert.DoesNotContain("ghp_backfilltoken", refused.Message);
        Assert.HasCount(1, server.Requests, "no retry of a refused token");
        Assert.IsEmpty(await store.ListPipelinesAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Backfill_MaxRunsAndWorkflow_ReadsThatWorkflowsNewestRuns()
    {
        var history = new GitHubHistoryReplay(Runs);
        await using var server = history.MapOn(await ReplayServer.StartAsync());
        var store = new InMemoryStore();

        var (summary, _, _) = await ImportAsync(server, store, options: o => o with { Workflows = ["build.yml"], MaxRuns = 5 });

        Assert.AreEqual(5, summary.Imported);
        var stored = await store.ReadAllRunsAsync(Pipeline).ToListAsync(TestContext.CancellationToken);
        CollectionAssert.AreEquivalent(Enumerable.Range(Runs - 5, 5).Select(i => GitHubHistoryReplay.RunId(i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), stored.Select(r => r.RunId).ToArray());
        Assert.IsTrue(server.Requests.All(r => !r.Path.EndsWith("/actions/runs", StringComparison.Ordinal)));
    }

    private readonly ConcurrentQueue<TimeSpan> delays = new();

    private async Task<(ImportSummary Summary, GitHubRestReader Reader, GitHubBackfill Backfill)> ImportAsync(
        ReplayServer server, IPipewiseStore store, ConcurrentQueue<string>? log = null, Func<GitHubBackfillOptions, GitHubBackfillOptions>? options = null)
    {
        var reader = GitHubRestReader.Create(server.BaseUrl, "ghp_backfilltoken", log: l => log?.Enqueue(l), delay: (d, _) =>
        {
            delays.Enqueue(d);
            return Task.CompletedTask;
        });
        var o = new GitHubBackfillOptions { Owner = GitHubHistoryReplay.Owner, Repo = GitHubHistoryReplay.Repo };
        var backfill = new GitHubBackfill(reader, store, options?.Invoke(o) ?? o);
        var summary = await new RunImporter(store).ImportAsync(backfill.RunsAsync(TestContext.CancellationToken), TestContext.CancellationToken);
        return (summary, reader, backfill);
    }
}
