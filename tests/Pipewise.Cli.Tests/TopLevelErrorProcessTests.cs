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
