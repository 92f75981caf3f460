using System.Globalization;
using System.Text.Json;

namespace Pipewise.Cli.Tests;

/// <summary><c>pipewise replay</c> and the demo through the real binary.</summary>
[TestClass]
public sealed class ReplayProcessTests
{
    private const string TravisHeader = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks";

    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-replay-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    /// <summary>Travis builds of main every 10 minutes that take 15 minutes (one job): each overlaps the next by 5.</summary>
    private string WriteOverlapping(int rows)
    {
        var start = new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"octo/app,go,{1000 + i},{i:x7}{new string('0', 33)},,main,passed,900,{start.AddMinutes(10 * i):yyyy-MM-ddTHH:mm:ssZ},push,1,,,,,,,,,,,,"));
        var path = Path.Combine(dir, "builds.csv");
        File.WriteAllLines(path, [TravisHeader, .. lines]);
        return path;
    }

    [TestMethod]
    public async Task Replay_ImportedOverlappingHistory_WritesTheContractJsonWithCancelCredit()
    {
        var csv = WriteOverlapping(12);
        var import = await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);
        Assert.AreEqual(0, import.ExitCode, import.Stderr);

        var result = await PipewiseProcess.RunAsync(dir, null, "replay", "--store", "store", "--json", "replay.json");

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stdout, "cancel-superseded");
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dir, "replay.json")));
        var root = doc.RootElement;
        Assert.IsFalse(root.GetProperty("simulated").GetBoolean());
        Assert.AreEqual(1, root.GetProperty("pipelines").GetInt32());
        Assert.AreEqual(12, root.GetProperty("runs").GetInt32());
        Assert.AreEqual(180, root.GetProperty("build_minutes").GetDouble());
        Assert.AreEqual(1, root.GetProperty("pipelines_with_suggestions").GetInt32());

        // Overlaps 1→2 … 11→12 of 5 min each; in force from run 3 on: 10 × 5 = 50 minutes.
        var cancel = root.GetProperty("actions").GetProperty("cancel-superseded");
        Assert.AreEqual(10, cancel.GetProperty("suggested_runs").GetInt32());
        Assert.AreEqual(50, cancel.GetProperty("minutes_saved").GetDouble());
        Assert.AreEqual(Math.Round(50 / 180.0, 6), cancel.GetProperty("share_of_build_minutes").GetDouble());
        Assert.AreEqual(50, root.GetProperty("total").GetProperty("minutes_saved").GetDouble());
    }

    [TestMethod]
    public async Task Replay_UnknownPipeline_ExitTwoNamingIt()
    {
        var csv = WriteOverlapping(3);
        await PipewiseProcess.RunAsync(dir, null, "import", "--store", "store", "--format", "travistorrent", "--input", csv);

        var result = await PipewiseProcess.RunAsync(dir, null, "replay", "--store", "store", "--pipeline", "nobody/nothing");

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "nobody/nothing");
    }

    [TestMethod]
    public async Task Replay_EmptyStore_ExitTwoSayingToImport()
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "replay", "--store", "empty");

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "holds no runs");
    }

    [TestMethod]
    public async Task Demo_UntunedPipeline_SuggestionsAreAdoptedAndLearningShown()
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "demo", "--runs", "60", "--live", "4");

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stdout, "untuned");
        StringAssert.Contains(result.Stdout, "the team adopts");
        StringAssert.Contains(result.Stdout, "reward(s) learnt");
        Assert.DoesNotContain("recommends holding", result.Stdout);
    }
}
