namespace Pipewise.Cli.Tests;

/// <summary>Errors nobody handled end in one line and a documented exit code, never a .NET stack trace or exit 1.</summary>
[TestClass]
public sealed class TopLevelErrorProcessTests
{
    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-errors-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public async Task RunsJson_OutOfMemory_OneLineExitThreeNoStackTrace()
    {
        // A real out-of-memory: the GC's hard limit (24 MiB) is far below what 1,000 runs of 20 jobs × 10 steps need
        // (~35 MB as JSON alone), while `runs` on a one-run store fits in it, so the failure is the data's, every time.
        var store = Path.Combine(dir, "store");
        var small = Path.Combine(dir, "small");
        var pipeline = new Pipewise.Core.Runs.PipelineKey("github", "octo", "big", "ci.yml");
        var local = new Pipewise.Storage.LocalFolderStore(store);
        var name = new string('n', 100);
        for (var i = 1; i <= 1000; i++)
        {
            await local.AppendRunAsync(Big(pipeline, i, name));
        }

        await new Pipewise.Storage.LocalFolderStore(small).AppendRunAsync(Big(pipeline, 1, "n"));
        var limit = new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x1800000" };

        // The JIT-compiled pipewise.dll even when the process tests run an installed Native AOT tool: a Native AOT
        // program does not read DOTNET_GCHeapHardLimit from the environment. The top-level handler is the same code.
        var fits = await PipewiseProcess.RunAsync(dir, limit, builtBesideTheTests: true, "runs", "--store", small, "--pipeline", pipeline.ToString(), "--json");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await PipewiseProcess.RunAsync(dir, limit, builtBesideTheTests: true, "runs", "--store", store, "--pipeline", pipeline.ToString(), "--last", "1000", "--json");

        Assert.AreEqual(0, fits.ExitCode, "the limit leaves room for the command itself: " + fits.Stderr);
        Assert.AreEqual(3, result.ExitCode, result.Stderr);
        Assert.AreEqual(1, result.Stderr.Trim().Split('\n').Length, "one line: " + result.Stderr);
        StringAssert.StartsWith(result.Stderr, "pipewise: Pipewise failed: ");
        StringAssert.Contains(result.Stderr, "OutOfMemoryException");
        Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal) || result.Stderr.Contains("Unhandled exception", StringComparison.Ordinal), result.Stderr);
        Assert.IsLessThan(30, watch.Elapsed.TotalSeconds);
    }

    private static Pipewise.Core.Runs.RunRecord Big(Pipewise.Core.Runs.PipelineKey p, int i, string name)
    {
        var start = DateTimeOffset.UnixEpoch.AddDays(20_000).AddMinutes(i * 10);
        return new Pipewise.Core.Runs.RunRecord
        {
            Provider = p.Provider,
            Organization = p.Organization,
            Repository = p.Repository,
            PipelineId = p.PipelineId,
            RunId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Sequence = i,
            StartedAt = start,
            FinishedAt = start.AddMinutes(5),
            Result = Pipewise.Core.Runs.RunResult.Succeeded,
            Jobs = [.. Enumerable.Range(0, 20).Select(j => new Pipewise.Core.Runs.JobRecord
            {
                Name = name + j,
                StartedAt = start,
                FinishedAt = start.AddMinutes(4),
                Steps = [.. Enumerable.Range(0, 10).Select(k => new Pipewise.Core.Runs.StepRecord { Name = name + k, Number = k, StartedAt = start, FinishedAt = start.AddSeconds(20) })],
            })],
        };
    }

    [TestMethod]
    [DataRow("runs", "--list", "--store", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5;Container=BAD_NAME")]
    [DataRow("runs", "--list", "--store", "ftp://host/x")]
    [DataRow("agent", "show", "--scope", "../../x")]
    [DataRow("model", "promote", "../x")]
    public async Task BadInput_OneLineExitTwo_TraceOnlyOnRequest(params string[] args)
    {
        var plain = await PipewiseProcess.RunAsync(dir, null, args);
        var traced = await PipewiseProcess.RunAsync(dir, new Dictionary<string, string?> { ["PIPEWISE_TRACE"] = "1" }, args);

        Assert.AreEqual(2, plain.ExitCode, plain.Stdout + plain.Stderr);
        Assert.AreEqual(1, plain.Stderr.Trim().Split('\n').Length, "one line: " + plain.Stderr);
        StringAssert.StartsWith(plain.Stderr, "pipewise: bad input: ");
        Assert.IsFalse(plain.Stderr.Contains("   at ", StringComparison.Ordinal) || plain.Stderr.Contains("Unhandled exception", StringComparison.Ordinal), plain.Stderr);
        Assert.AreEqual(2, traced.ExitCode);
        StringAssert.Contains(traced.Stderr, "   at ");
        Assert.IsFalse(traced.Stderr.Contains("c2VjcmV0a2V5", StringComparison.Ordinal), "the trace is masked too");
    }

    [TestMethod]
    public async Task Runs_StoreUnreachable_OneLineExitThreeAfterTheRetryBudget()
    {
        // A Blob endpoint on a loopback port nobody listens on: every attempt is refused until the 30 s retry budget ends.
        var port = Pipewise.Testing.FreePort.Next();
        const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var store = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1";

        var result = await PipewiseProcess.RunAsync(dir, null, "runs", "--list", "--store", store);

        Assert.AreEqual(3, result.ExitCode, result.Stdout + result.Stderr);
        Assert.AreEqual(1, result.Stderr.Trim().Split('\n').Length, "one line: " + result.Stderr);
        StringAssert.StartsWith(result.Stderr, "pipewise: Pipewise failed: ");
        StringAssert.Contains(result.Stderr, "did not answer successfully within 30 s of retries");
        Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal), result.Stderr);
        Assert.IsFalse((result.Stdout + result.Stderr).Contains(Key, StringComparison.Ordinal), "the account key never appears");
    }
}
