using System.Text.Json;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class SchemaTests
{
    private static RunRecord Full() => new()
    {
        Provider = "github", Organization = "o", Repository = "r", PipelineId = "ci.yml", PipelineName = "CI", RunId = "1", Attempt = 1,
        Number = 5, Sequence = 1, Event = "push", Branch = "main", IsDefaultBranch = true, Commit = "abc", PullRequest = 3,
        QueuedAt = DateTimeOffset.UnixEpoch, StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
        DurationSeconds = 1, Result = RunResult.Succeeded,
        Jobs = [new JobRecord { Name = "j", Id = "1", Runner = "r", Os = "linux", Labels = ["x"], QueuedAt = DateTimeOffset.UnixEpoch, StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch, Result = RunResult.Succeeded,
            Steps = [new StepRecord { Name = "s", Number = 1, StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch, Result = RunResult.Succeeded }] }],
        Tests = new TestSummary { Total = 1, Passed = 1, Failed = 0, Skipped = 0, Flaky = 0, DurationSeconds = 1 },
        Resources = [new ResourceSample { At = DateTimeOffset.UnixEpoch, CpuPercent = 1, MemoryUsedMb = 1, MemoryTotalMb = 2, DiskReadMbPerSecond = 1, DiskWriteMbPerSecond = 1, NetworkReceiveMbPerSecond = 1, NetworkSendMbPerSecond = 1 }],
        Deployment = new DeploymentRecord { Environment = "prod", Strategy = "canary", Result = RunResult.Succeeded, StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch, DurationSeconds = 1 },
        Properties = new Dictionary<string, string> { ["k"] = "v" },
    };

    [TestMethod]
    public void JsonSchemaFile_DescribesExactlyThePropertiesTheTypesWrite()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "schema", "runrecord.v1.schema.json")));
        using var written = JsonDocument.Parse(RunRecordJson.Serialize(Full()));

        var defs = schema.RootElement.GetProperty("$defs");
        Compare("$", written.RootElement, schema.RootElement);
        Compare("$.jobs[0]", written.RootElement.GetProperty("jobs")[0], defs.GetProperty("job"));
        Compare("$.jobs[0].steps[0]", written.RootElement.GetProperty("jobs")[0].GetProperty("steps")[0], defs.GetProperty("step"));
        var props = schema.RootElement.GetProperty("properties");
        Compare("$.tests", written.RootElement.GetProperty("tests"), props.GetProperty("tests"));
        Compare("$.deployment", written.RootElement.GetProperty("deployment"), props.GetProperty("deployment"));
        Compare("$.resources[0]", written.RootElement.GetProperty("resources")[0], props.GetProperty("resources").GetProperty("items"));
    }

    private static void Compare(string where, JsonElement instance, JsonElement schema)
    {
        var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray();
        var actual = instance.EnumerateObject().Select(p => p.Name).Order().ToArray();
        CollectionAssert.AreEquivalent(documented, actual, $"{where}: schema documents [{string.Join(",", documented)}], types write [{string.Join(",", actual)}]");
    }
}
