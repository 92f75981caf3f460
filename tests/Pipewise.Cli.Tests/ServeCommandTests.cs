namespace Pipewise.Cli.Tests;

/// <summary>`pipewise serve` starts the separate pipewise-gate program and relays what it says and returns.</summary>
[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public async Task Serve_ForwardsArgumentsToPipewiseGate_AndRelaysItsExitCode()
    {
        var bad = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, "serve", "--mode", "sometimes");
        var unknown = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, "serve", "--no-such-option");

        Assert.AreEqual(2, bad.ExitCode, bad.Stdout + bad.Stderr);
        StringAssert.Contains(bad.Stderr, "pipewise-gate: mode: expected advise, enforce or dry-run, found 'sometimes'");
        Assert.AreEqual(2, unknown.ExitCode, unknown.Stdout + unknown.Stderr);
        StringAssert.Contains(unknown.Stderr, "--no-such-option");
    }

    [TestMethod]
    public async Task Serve_GateProgramMissing_ExitsTwoSayingWhereItLooked()
    {
        var env = new Dictionary<string, string?> { ["PIPEWISE_GATE"] = Path.Combine(Path.GetTempPath(), "no-such-dir", "pipewise-gate.dll") };

        var result = await PipewiseProcess.RunAsync(Path.GetTempPath(), env, "serve", "--help");

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "the gate service (pipewise-gate) was not found");
        StringAssert.Contains(result.Stderr, "at " + env["PIPEWISE_GATE"] + " (PIPEWISE_GATE)");
    }
}
