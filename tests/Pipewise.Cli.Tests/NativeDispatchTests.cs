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
    public void RunOnEveryHost_RunsNatively_UnlessEveryCommandIsAskedToGoToTheJitPart()
    {
        var actions = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" };
        Assert.IsFalse(NativeDispatch.NeedsJit(["run", "--host", "github"], actions.GetValueOrDefault), "Octokit's models are kept for Native AOT (OctokitAot)");
        Assert.IsFalse(NativeDispatch.NeedsJit(["run"], actions.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["run", "--host", "azure-devops"], actions.GetValueOrDefault));
        var jit = new Dictionary<string, string?> { ["PIPEWISE_JIT"] = "1" };
        Assert.IsTrue(NativeDispatch.NeedsJit(["run", "--host", "github"], jit.GetValueOrDefault));
        Assert.IsTrue(NativeDispatch.NeedsJit(["--version"], jit.GetValueOrDefault));
        Assert.IsTrue(NativeDispatch.NeedsJit([], jit.GetValueOrDefault));
        Assert.IsFalse(NativeDispatch.NeedsJit(["gate"], new Dictionary<string, string?> { ["PIPEWISE_JIT"] = "0" }.GetValueOrDefault));
    }

    [TestMethod]
    [DataRow(true, "run", "--host", "local")]
    [DataRow(true, "gate", "--pipeline", "x")]
    [DataRow(true, "report")]
    [DataRow(false, "run", "--help")]
    [DataRow(false, "runs", "--pipeline", "x")]
    [DataRow(false, "--version")]
    public void ModelCommands_StartOnnxRuntimeEarly_HelpAndOtherCommandsDoNot(bool loads, params string[] args) =>
        Assert.AreEqual(loads, NativeDispatch.LoadsModel(args));

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
