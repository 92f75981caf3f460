using System.Text.Json;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Tests;

/// <summary>ADR 0012: one pipeline per GitHub workflow, and old path-keyed imports copied under it.</summary>
[TestClass]
public sealed class PipelineIdentityTests
{
    private const string Run = """{"id":ID,"repository":{"name":"r","owner":{"login":"o"}},"workflow_id":5,"path":".github/workflows/ci.yml@refs/heads/main","status":"completed","conclusion":"success","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:05:00Z"}""";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void ToRun_WorkflowIdAndPathWithRef_KeysByTheWorkflowId()
    {
        using var doc = JsonDocument.Parse(Run.Replace("ID", "7", StringComparison.Ordinal));

        var run = GitHubRunJson.ToRun(doc.RootElement, "$");

        Assert.AreEqual("github/o/r/5", run.Pipeline.ToString());
        Assert.AreEqual(".github/workflows/ci.yml", run.Properties!["workflow-path"]);
    }

    [TestMethod]
    public void ToRun_NoWorkflowId_KeysByThePathWithoutItsRef()
    {
        using var doc = JsonDocument.Parse("""{"id":7,"repository":{"name":"r","owner":{"login":"o"}},"path":".github/workflows/ci.yml@main","status":"completed","conclusion":"failure","created_at":"2026-01-01T00:00:00Z"}""");

        Assert.AreEqual(".github/workflows/ci.yml", GitHubRunJson.ToRun(doc.RootElement, "$").PipelineId);
    }

    [TestMethod]
    public async Task MoveAsync_RunsUnderTheOldPathAtRefKey_AreCopiedUnderTheWorkflowIdAndKept()
    {
        var store = new InMemoryStore();
        var old = new RunRecord
        {
            Provider = "github", Organization = "o", Repository = "r", PipelineId = ".github/workflows/ci.yml@main", RunId = "3", Sequence = 3,
            StartedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2025, 1, 1, 0, 4, 0, TimeSpan.Zero), Result = RunResult.Failed,
        };
        await store.AppendRunAsync(old, TestContext.CancellationToken);
        await store.AppendRunAsync(old with { PipelineId = ".github/workflows/other.yml@main", RunId = "4" }, TestContext.CancellationToken);
        var move = new LegacyPipelineMove();
        var parsed = new[] { ParsedRun.Ok("p", 1, GitHubRunJson.ToRun(JsonDocument.Parse(Run.Replace("ID", "9", StringComparison.Ordinal)).RootElement, "$")) };
        await new RunImporter(store).ImportAsync(move.Watch(parsed.ToAsyncEnumerable(), TestContext.CancellationToken), TestContext.CancellationToken);

        var notes = await move.MoveAsync(store, TestContext.CancellationToken);
        var again = await move.MoveAsync(store, TestContext.CancellationToken);

        var current = await store.ReadAllRunsAsync(new PipelineKey("github", "o", "r", "5"), cancellationToken: TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken);
        CollectionAssert.AreEquivalent(new[] { "3", "9" }, current.Select(r => r.RunId).ToArray());
        StringAssert.Contains(notes.Single(), "copied 1 of 1 run(s)");
        StringAssert.Contains(again.Single(), "copied 0 of 1 run(s)", "idempotent");
        Assert.HasCount(3, await store.ListPipelinesAsync(TestContext.CancellationToken), "the old keys stay (ci.yml@main, other.yml@main) beside 5");
        Assert.HasCount(1, await store.ReadAllRunsAsync(new PipelineKey("github", "o", "r", ".github/workflows/other.yml@main"), cancellationToken: TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken), "another workflow's runs are not touched");
    }

    [TestMethod]
    public async Task ImportAsync_InputFailsMidway_StoresTheRunsReadBefore()
    {
        var store = new InMemoryStore();

        async IAsyncEnumerable<ParsedRun> Failing()
        {
            for (var i = 1; i <= 3; i++)
            {
                yield return ParsedRun.Ok("api", i, GitHubRunJson.ToRun(JsonDocument.Parse(Run.Replace("ID", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).RootElement, "$"));
            }

            await Task.Yield();
            throw new InvalidOperationException("the API refused the next page");
        }

        var failed = await Assert.ThrowsExactlyAsync<ImportFailedException>(() => new RunImporter(store).ImportAsync(Failing(), TestContext.CancellationToken));

        Assert.AreEqual(3, failed.Partial.Imported);
        Assert.HasCount(3, await store.ReadAllRunsAsync(new PipelineKey("github", "o", "r", "5"), cancellationToken: TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken));
    }
}
