namespace Pipewise.Cli.Tests;

/// <summary>
/// What the Native AOT pipewise hands to pipewise.dll (the process tests run through the installed AOT tool when
/// PIPEWISE_TEST_CLI names it, as .ci/run does, which checks the hand-over itself end to end).
/// </summary>
[TestClass]
public sealed class NativeDispatchTests
{
    [TestMethod]
    [DataRow("train", "--store", "s")]
    [DataRow("backtest", "--input", "x")]
    [DataRow("simulate", "calibrate")]
    [DataRow("demo")]
    public void MlNetCommands_GoToTheJitPart(params string[] args) => Assert.IsTrue(NativeDispatch.NeedsJit(args, _ => null));

    [TestMethod]
    [DataRow("run", "--host", "local")]
    [DataRow("gate")]
    [DataRow("--version")]
    [DataRow("runs", "--pipeline", "train")]
    [DataRow("serve", "--urls", "http://127.0.0.1:0")]
    public void EverythingElse_RunsNatively(params string[] args) => Assert.IsFalse(NativeDispatch.NeedsJit(args, _ => null));

    [TestMethod]
    public void NoArguments_RunsNatively() => Assert.IsFalse(NativeDispatch.NeedsJit([], _ => null));

    [TestMethod]
    public void RunOnTheGitHubHost_GoesToTheJitPart_UnlessAskedToRunNatively()
    {
        var none = new Dictionary<string, string?>();
        var actions = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" };
        Assert.IsTrue(NativeDispatch.NeedsJit(["run", "--host", "github"], none.GetValueOrDefault));
        Assert.IsTrue(NativeDispatch.NeedsJit(["run", "--host=GitHub"], none.GetValueOrDefault));
        Assert.IsTrue(NativeDispatch.NeedsJit(["run"], actions.GetValueOrDefault), "auto on a GitHub runner is the GitHub host");
        Assert.IsTrue(NativeDispatch.NeedsJit(["run", "--host", "auto"], actions.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["run", "--host", "local"], actions.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["run", "--host", "azure-devops"], none.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["run"], none.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["gate"], actions.GetValueOrDefault), "gate reads only the store");
        var native = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["PIPEWISE_NATIVE_GITHUB"] = "1" };
        Assert.IsFalse(NativeDispatch.NeedsJit(["run", "--host", "github"], native.GetValueOrDefault));
    }

    [TestMethod]
    public async Task Forward_WithoutTheJitPart_SaysWhatIsMissingAndExits3()
    {
        var empty = Directory.CreateTempSubdirectory("pipewise-nojit-");
        try
        {
            var error = new StringWriter();
            var code = await NativeDispatch.ForwardAsync(["train", "--store", "s"], empty.FullName, error);
            Assert.AreEqual(3, code);
            StringAssert.Contains(error.ToString(), "'train' needs the JIT-compiled part of the tool (pipewise.dll)");
            StringAssert.Contains(error.ToString(), empty.FullName);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void DotnetHost_PrefersTheRunningHost_ThenDotnetHostPath_ThenDotnetRoot_ThenThePath()
    {
        var root = Directory.CreateTempSubdirectory("pipewise-dotnet-root-");
        try
        {
            var exe = Path.Combine(root.FullName, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            File.WriteAllText(exe, string.Empty);
            var none = new Dictionary<string, string?>();
            Assert.AreEqual("/opt/dotnet/dotnet", DotnetHost.Path(none.GetValueOrDefault, "/opt/dotnet/dotnet"));
            Assert.AreEqual(exe, DotnetHost.Path(new Dictionary<string, string?> { ["DOTNET_HOST_PATH"] = exe }.GetValueOrDefault, "/tool/pipewise"));
            Assert.AreEqual(exe, DotnetHost.Path(new Dictionary<string, string?> { ["DOTNET_ROOT"] = root.FullName }.GetValueOrDefault, "/tool/pipewise"));
            Assert.AreEqual("dotnet", DotnetHost.Path(new Dictionary<string, string?> { ["DOTNET_ROOT"] = "/nowhere" }.GetValueOrDefault, "/tool/pipewise"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
