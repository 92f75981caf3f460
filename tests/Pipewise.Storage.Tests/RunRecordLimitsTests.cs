using System.Globalization;
using Pipewise.Core.Import;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Tests;

/// <summary>Records over a limit: an import counts them as malformed rows naming the field, and stores the rest.</summary>
[TestClass]
public sealed class RunRecordLimitsTests
{
    private static RunRecord Run(int i) => new()
    {
        Provider = "github", Organization = "o", Repository = "r", PipelineId = "ci.yml",
        RunId = i.ToString(CultureInfo.InvariantCulture), Sequence = i, Result = RunResult.Succeeded, DurationSeconds = 60,
    };

    [TestMethod]
    public async Task ImportAsync_RowOverTheStepLimit_CountedMalformedWithFieldOthersStored()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-limits-").FullName;
        try
        {
            var store = new LocalFolderStore(folder);
            var huge = Run(2) with { Jobs = [new JobRecord { Name = "build", Steps = [.. Enumerable.Range(0, RunRecordLimits.MaxStepsPerJob + 1).Select(k => new StepRecord { Name = "s" + k.ToString(CultureInfo.InvariantCulture) })] }] };
            var rows = new[] { ParsedRun.Ok("history.csv", 2, Run(1)), ParsedRun.Ok("history.csv", 3, huge), ParsedRun.Ok("history.csv", 4, Run(3)) }.ToAsyncEnumerable();

            var summary = await new RunImporter(store).ImportAsync(rows);

            Assert.AreEqual(2, summary.Imported);
            Assert.AreEqual(1, summary.Malformed);
            Assert.AreEqual(3, summary.MalformedRows[0].Line);
            StringAssert.Contains(summary.MalformedRows[0].Reason, "jobs[0].steps");
            StringAssert.Contains(summary.MalformedRows[0].Reason, "at most 1000 steps per job");
            Assert.IsFalse(await store.ContainsRunAsync(huge.Key));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Check_RealisticLargeRun_WithinEveryLimit()
    {
        // A big real pipeline: 256 jobs (GitHub's matrix maximum) of 60 steps with long names and labels.
        var jobs = Enumerable.Range(0, 256).Select(j => new JobRecord
        {
            Name = $"test (ubuntu-latest, shard {j}/256, dotnet 10.0.x)",
            Labels = ["ubuntu-latest", "self-hosted", "x64"],
            Steps = [.. Enumerable.Range(0, 60).Select(k => new StepRecord { Name = $"Run step number {k} of the test matrix with a descriptive name" })],
        });
        var run = Run(1) with { Jobs = [.. jobs], Branch = "feature/" + new string('x', 200) };

        Assert.IsNull(RunRecordLimits.Check(run));
    }
}
