using System.Text.Json;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Tests;

[TestClass]
public sealed class CliProcessTests
{
    private const string TravisHeader = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks";

    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-cli-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    private string WriteTravis(int rows, int malformedEvery = 0)
    {
        var lines = Enumerable.Range(0, rows).Select(i => malformedEvery > 0 && i % malformedEvery == malformedEvery - 1
            ? $"octo/app,go,{1000 + i},abc,,main,passed,60,not-a-time,push,1,,,,,,,,,,,,"
            : $"octo/app,go,{1000 + i},abc,,main,{(i % 5 == 0 ? "failed" : "passed")},{60 + i},2020-01-01T{i % 24:00}:00:00Z,push,1,,,,,,10,10,0,0,1.5,1,gotest");
        var path = Path.Combine(dir, "builds.csv");
        File.WriteAllLines(path, [TravisHeader, .. lines]);
        return path;
    }

    [TestMethod]
    public async Task Import_SameFileTwice_StoresEachRunOnce_AndRunsJsonReturnsTheNewest()
    {
        var csv = WriteTravis(40);

        var first = await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);
        var second = await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);
        var runs = await PipewiseProcess.RunAsync(dir, null, "runs", "--store", "store", "--pipeline", "octo/app", "--last", "5", "--json");

        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        StringAssert.Contains(first.Stdout, "Imported 40 new run(s)");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        StringAssert.Contains(second.Stdout, "Imported 0 new run(s)");
        StringAssert.Contains(second.Stdout, "40 were already stored");
        Assert.AreEqual(0, runs.ExitCode, runs.Stderr);
        var records = RunRecordJson.DeserializeList(System.Text.Encoding.UTF8.GetBytes(runs.Stdout), "stdout");
        CollectionAssert.AreEqual(new[] { "1035", "1036", "1037", "1038", "1039" }, records.Select(r => r.RunId).ToArray());
    }

    [TestMethod]
    public async Task Import_RunsLeftInTheOutbox_StoredWithTheImportAndOutboxEmptied()
    {
        // What `pipewise run` leaves when it cannot reach its store: one RunRecord file per run in the outbox.
        var outbox = new Pipewise.Core.Storage.RunOutbox(Path.Combine(dir, "outbox"));
        outbox.Save(new RunRecord { Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", RunId = "77", Result = RunResult.Succeeded, DurationSeconds = 60 });
        var env = new Dictionary<string, string?> { ["PIPEWISE_OUTBOX"] = outbox.Folder };

        var import = await PipewiseProcess.RunAsync(dir, env, "import", "--store", "store", "--format", "travistorrent", "--input", WriteTravis(3));
        var kept = await PipewiseProcess.RunAsync(dir, env, "runs", "--store", "store", "--pipeline", "github/octo/app/ci.yml", "--last", "5", "--json");

        Assert.AreEqual(0, import.ExitCode, import.Stdout + import.Stderr);
        StringAssert.Contains(import.Stderr, "Stored 1 run(s) from the outbox");
        StringAssert.Contains(import.Stdout, "Imported 3 new run(s)");
        Assert.IsEmpty(outbox.Pending(), "the outbox is empty once stored");
        Assert.AreEqual(0, kept.ExitCode, kept.Stderr);
        CollectionAssert.AreEqual(new[] { "77" }, RunRecordJson.DeserializeList(System.Text.Encoding.UTF8.GetBytes(kept.Stdout), "stdout").Select(r => r.RunId).ToArray());
    }

    [TestMethod]
    public async Task Import_MalformedRows_ExitCode4_ListsLinesAndStoresTheRest()
    {
        var csv = WriteTravis(20, malformedEvery: 10);

        var result = await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);

        Assert.AreEqual(4, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stdout, "Imported 18 new run(s)");
        StringAssert.Contains(result.Stdout, "builds.csv:11: field 'started_at'");
        StringAssert.Contains(result.Stdout, "builds.csv:21: field 'started_at'");
    }

    [TestMethod]
    public async Task Runs_Table_ShowsRunsAndEscapesControlCharacters()
    {
        var csv = Path.Combine(dir, "b.csv");
        File.WriteAllLines(csv, [TravisHeader, "octo/app,go,1,abc,,\"evil\u001b[31mred\",passed,60,2020-01-01T00:00:00Z,push,1,,,,,,,,,,,,"]);
        await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);

        var table = await PipewiseProcess.RunAsync(dir, null, "runs", "--store", "store", "--pipeline", "octo/app");

        Assert.AreEqual(0, table.ExitCode, table.Stderr);
        StringAssert.Contains(table.Stdout, "succeeded");
        Assert.IsFalse(table.Stdout.Contains('\u001b', StringComparison.Ordinal), "a branch name must not drive the terminal");
    }

    [TestMethod]
    public async Task Runs_UnknownPipeline_ExitCode2WithClearMessage()
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "runs", "--store", "store", "--pipeline", "nobody/nothing");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Stderr, "no stored pipeline matches 'nobody/nothing'");
    }

    private string WriteRunFile(int failedTests)
    {
        var run = new RunRecord
        {
            Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", RunId = "77",
            StartedAt = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            FinishedAt = DateTimeOffset.Parse("2026-01-01T10:04:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Result = failedTests > 0 ? RunResult.Failed : RunResult.Succeeded,
            Tests = new TestSummary { Total = 50, Failed = failedTests, Passed = 50 - failedTests },
        };
        var path = Path.Combine(dir, "run.json");
        File.WriteAllBytes(path, RunRecordJson.Serialize(run));
        return path;
    }

    [TestMethod]
    public async Task Run_FailVerdict_ExitsOneOnlyInEnforceMode()
    {
        var runFile = WriteRunFile(failedTests: 3);

        var advise = await PipewiseProcess.RunAsync(dir, null, "run", "--store", "s1", "--run-file", runFile);
        var dryRun = await PipewiseProcess.RunAsync(dir, null, "run", "--store", "s2", "--run-file", runFile, "--mode", "dry-run");
        var enforce = await PipewiseProcess.RunAsync(dir, null, "run", "--store", "s3", "--run-file", runFile, "--mode", "enforce");

        Assert.AreEqual(0, advise.ExitCode, advise.Stderr);
        StringAssert.Contains(advise.Stdout, "verdict: FAIL");
        StringAssert.Contains(advise.Stdout, "3 failed test(s) > allowed 0");
        Assert.AreEqual(0, dryRun.ExitCode, dryRun.Stderr);
        Assert.AreEqual(1, enforce.ExitCode, enforce.Stderr);
        StringAssert.Contains(enforce.Stdout, "output verdict=fail");
    }

    [TestMethod]
    public async Task Run_SettingsFromActionInputs_AreUsedWhenNoFlagIsGiven()
    {
        var runFile = WriteRunFile(failedTests: 2);
        var env = new Dictionary<string, string?> { ["INPUT_MODE"] = "enforce", ["INPUT_MAX_FAILED_TESTS"] = "5" };

        var result = await PipewiseProcess.RunAsync(dir, env, "run", "--store", "s", "--run-file", runFile);

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stdout, "enforce mode");
    }

    [TestMethod]
    public async Task Run_StoreUnusable_FailsOpenByDefault_AndClosedByChoice()
    {
        var runFile = WriteRunFile(failedTests: 0);
        var blocker = Path.Combine(dir, "not-a-folder");
        File.WriteAllText(blocker, "x");
        var store = Path.Combine(blocker, "store");

        var open = await PipewiseProcess.RunAsync(dir, null, "run", "--store", store, "--run-file", runFile, "--mode", "enforce");
        var closed = await PipewiseProcess.RunAsync(dir, null, "run", "--store", store, "--run-file", runFile, "--mode", "enforce", "--fail-closed");

        Assert.AreEqual(0, open.ExitCode, open.Stdout + open.Stderr);
        Assert.AreEqual(3, closed.ExitCode, closed.Stdout + closed.Stderr);
    }

    [TestMethod]
    public async Task Run_InvalidThresholds_ExitCode2NamingTheSetting()
    {
        var runFile = WriteRunFile(failedTests: 0);

        var result = await PipewiseProcess.RunAsync(dir, null, "run", "--run-file", runFile, "--failure-warn", "0.9", "--failure-fail", "0.5");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Stderr, "failure-warn");
    }

    [TestMethod]
    public async Task Run_MalformedRunFile_ExitCode2NamingFileAndField()
    {
        var path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, """{"provider":"github","organization":"o","repository":"r","pipelineId":"p","runId":"1","result":"exploded"}""");

        var result = await PipewiseProcess.RunAsync(dir, null, "run", "--store", "s", "--run-file", path);

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "bad.json");
        StringAssert.Contains(result.Stderr, "result");
    }

    [TestMethod]
    public async Task Demo_OnAFreshFolder_RunsTheLoopAndWritesTheReport()
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "demo", "--runs", "60", "--live", "3");

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stdout, "SIMULATED");
        StringAssert.Contains(result.Stdout, "verdict");
        Assert.IsTrue(File.Exists(Path.Combine(dir, "pipewise-report.html")));
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(dir, ".pipewise"), "*.json", SearchOption.AllDirectories).Any());
    }

    [TestMethod]
    public async Task Help_ListsEveryCommand()
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "--help");

        foreach (var command in new[] { "demo", "run", "import", "runs", "train", "backtest", "gate", "serve", "report", "simulate", "model", "agent", "monitor" })
        {
            StringAssert.Contains(result.Stdout, $"  {command} ", $"--help should list '{command}'");
        }
    }
}
