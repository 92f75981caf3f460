using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

/// <summary>`pipewise run` with its store out of reach: it fails open within its budget and keeps the run for the next run.</summary>
[TestClass]
public sealed class RunBudgetProcessTests
{
    private string dir = string.Empty;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-budget-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public async Task Run_StoreUnreachable_FailsOpenWithinBudgetAndNextRunStoresTheOutbox()
    {
        // A blob endpoint that accepts connections and never answers: every request hangs until its timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptTcpClientAsync());
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });
        var hung = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{Azurite.AccountName};Container=runs";
        var outbox = Path.Combine(dir, "outbox");
        var env = new Dictionary<string, string?> { ["PIPEWISE_OUTBOX"] = outbox, ["PIPEWISE_BUDGET"] = "5" };

        var first = WriteRun("101");
        var watch = Stopwatch.StartNew();
        var failed = await PipewiseProcess.RunAsync(dir, env, "run", "--run-file", first, "--store", hung);
        watch.Stop();
        silent.Stop();
        accepted.ForEach(c => c.Dispose());

        Assert.AreEqual(0, failed.ExitCode, failed.Stdout + failed.Stderr);
        StringAssert.Contains(failed.Stderr, "outbox");
        Assert.DoesNotContain(Azurite.AccountKey, failed.Stdout + failed.Stderr);
        Assert.IsLessThan(20, watch.Elapsed.TotalSeconds, $"a 5 s budget (plus process start) must not wait for 30 s store retries; took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.HasCount(1, Directory.GetFiles(outbox, "*.json"), "the run waits in the outbox");

        // The next run reaches its store: it stores itself and the run the outbox kept.
        var store = Path.Combine(dir, "store");
        var second = await PipewiseProcess.RunAsync(dir, env, "run", "--run-file", WriteRun("102"), "--store", store);
        var runs = await PipewiseProcess.RunAsync(dir, env, "runs", "--pipeline", "octo/app", "--last", "5", "--json", "--store", store);

        Assert.AreEqual(0, second.ExitCode, second.Stdout + second.Stderr);
        Assert.AreEqual(0, runs.ExitCode, runs.Stderr);
        var ids = JsonDocument.Parse(runs.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("runId").GetString()).ToArray();
        CollectionAssert.AreEquivalent(new[] { "101", "102" }, ids);
        Assert.IsEmpty(Directory.GetFiles(outbox, "*.json"), "the outbox is empty once stored");
        await accepting;
    }

    [TestMethod]
    public async Task Run_BadBudget_ExitsTwoNamingTheSetting()
    {
        var result = await PipewiseProcess.RunAsync(dir, new Dictionary<string, string?> { ["PIPEWISE_BUDGET"] = "soon" }, "run", "--run-file", WriteRun("7"), "--store", Path.Combine(dir, "store"));

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "setting 'budget'");
        StringAssert.Contains(result.Stderr, "'soon'");
    }

    private string WriteRun(string id)
    {
        var run = new RunRecord { Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", RunId = id, Result = RunResult.Succeeded, DurationSeconds = 60 };
        var file = Path.Combine(dir, $"run-{id}.json");
        File.WriteAllBytes(file, RunRecordJson.Serialize(run));
        return file;
    }
}
