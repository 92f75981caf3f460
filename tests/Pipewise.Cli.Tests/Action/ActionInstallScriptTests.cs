using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests.Action;

/// <summary>
/// The action's install step (scripts/action/install.sh, run by action.yml with bash): with a fake
/// github.action_path (this checkout) and RUNNER_TEMP, as the composite step runs it.
/// </summary>
[TestClass]
public sealed class ActionInstallScriptTests
{
    private static readonly string Script = Path.Combine(SharedFiles.RepoRoot, "scripts", "action", "install.sh");

    /// <summary>This machine's runtime identifier as the script names it (the tests run on Linux).</summary>
    private static readonly string Rid = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    private static string ReleaseVersion() =>
        XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "Directory.Build.props")).Descendants("Version").First().Value;

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task Install_ActionUsedAtACommitSha_PacksTheCheckoutInstallsAndRuns()
    {
        var temp = Directory.CreateTempSubdirectory("pipewise-action-");
        try
        {
            var env = Environment(temp.FullName, actionRef: "0123456789abcdef0123456789abcdef01234567");

            var plan = await BashAsync(env, "plan");
            Assert.AreEqual(0, plan.ExitCode, plan.Output);
            var outputs = ReadOutputs(env["GITHUB_OUTPUT"]!);
            Assert.AreEqual("checkout", outputs["source"]);
            StringAssert.StartsWith(outputs["key"], $"pipewise-tool-{Rid}-checkout-{ReleaseVersion()}-");

            var install = await BashAsync(env, "install");
            Assert.AreEqual(0, install.ExitCode, install.Output);
            StringAssert.Contains(install.Output, "packing Pipewise");

            var tool = Path.Combine(temp.FullName, "pipewise-tool", "pipewise");
            var version = await RunAsync(tool, "--version");
            Assert.AreEqual(0, version.ExitCode, version.Output);
            StringAssert.StartsWith(version.Output.Trim(), ReleaseVersion());

            // The next job of the same version and OS: the cached tool is used as it is, nothing is packed again.
            var again = await BashAsync(env, "install");
            Assert.AreEqual(0, again.ExitCode, again.Output);
            StringAssert.Contains(again.Output, "restored from the cache");
            Assert.DoesNotContain("packing Pipewise", again.Output);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task Plan_ActionUsedAtAVersionTag_InstallsFromTheFeed()
    {
        var temp = Directory.CreateTempSubdirectory("pipewise-action-");
        try
        {
            var env = Environment(temp.FullName, actionRef: "v1");

            var plan = await BashAsync(env, "plan");

            Assert.AreEqual(0, plan.ExitCode, plan.Output);
            var outputs = ReadOutputs(env["GITHUB_OUTPUT"]!);
            Assert.AreEqual("feed", outputs["source"]);
            Assert.AreEqual($"pipewise-tool-{Rid}-feed-{ReleaseVersion()}", outputs["key"]);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task Plan_UnknownSource_FailsWithAnErrorAnnotation()
    {
        var temp = Directory.CreateTempSubdirectory("pipewise-action-");
        try
        {
            var env = Environment(temp.FullName, actionRef: "v1");
            env["PIPEWISE_SOURCE"] = "sideways";

            var plan = await BashAsync(env, "plan");

            Assert.AreEqual(1, plan.ExitCode);
            StringAssert.Contains(plan.Output, "::error title=Pipewise install::source must be auto, feed or checkout");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string?> Environment(string temp, string actionRef)
    {
        var output = Path.Combine(temp, "github-output");
        File.WriteAllText(output, string.Empty);
        return new Dictionary<string, string?>
        {
            ["PIPEWISE_ACTION_PATH"] = SharedFiles.RepoRoot,
            ["PIPEWISE_ACTION_REF"] = actionRef,
            ["PIPEWISE_VERSION"] = ReleaseVersion(),
            ["PIPEWISE_FEED"] = "https://api.nuget.org/v3/index.json",
            ["PIPEWISE_SOURCE"] = "auto",
            ["PIPEWISE_TOOL_DIR"] = Path.Combine(temp, "pipewise-tool"),
            ["RUNNER_TEMP"] = temp,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "ARM64" : "X64",
            ["GITHUB_OUTPUT"] = output,

            // The ReadyToRun pack (minutes faster): .ci/run runs the same script with the Native AOT pack and runs
            // every process test through the tool it installs.
            ["PIPEWISE_AOT"] = "false",
        };
    }

    private static Dictionary<string, string> ReadOutputs(string file) =>
        File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private sealed record Result(int ExitCode, string Output);

    private static Task<Result> BashAsync(Dictionary<string, string?> environment, string verb) =>
        RunAsync("bash", environment, Script, verb);

    private static Task<Result> RunAsync(string file, params string[] args) => RunAsync(file, null, args);

    private static async Task<Result> RunAsync(string file, Dictionary<string, string?>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("PIPEWISE_", StringComparison.Ordinal)
            || k.StartsWith("RUNNER_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? [])
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
