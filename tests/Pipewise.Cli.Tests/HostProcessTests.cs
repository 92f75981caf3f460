using System.Text.Json;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Tests;

/// <summary>`pipewise run` as each platform starts it, when the run cannot be collected, and where settings come from.</summary>
[TestClass]
public sealed class HostProcessTests
{
    private const string Token = "ghs_HOSTPROCESSTEST0123456789";

    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-host-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public async Task Run_GitHubRunnerEnvironmentMissing_WarnsWritesEveryOutputAndFailsOpenOrClosed()
    {
        foreach (var (failClosed, exitCode, verdict) in new[] { (false, 0, "pass"), (true, 3, "fail") })
        {
            var outputPath = Path.Combine(dir, $"set_output_{failClosed}");
            File.WriteAllText(outputPath, string.Empty);
            var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputPath, ["INPUT_TOKEN"] = Token, ["INPUT_FAIL_CLOSED"] = failClosed ? "true" : "false" };

            var result = await PipewiseProcess.RunAsync(dir, env, "run", "--store", Path.Combine(dir, "store"));

            Assert.AreEqual(exitCode, result.ExitCode, result.Stdout + result.Stderr);
            Assert.AreEqual("::add-mask::" + Token, result.Stdout.Split('\n')[0].TrimEnd('\r'));
            StringAssert.Contains(result.Stdout, "::warning title=Pipewise could not collect this run::");
            StringAssert.Contains(result.Stderr, failClosed ? "fail-closed is set" : "failing open");
            var outputs = File.ReadAllLines(outputPath).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            CollectionAssert.AreEqual(new[] { "risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version" }, outputs.Keys.ToArray());
            Assert.AreEqual(verdict, outputs["verdict"]);
            Assert.AreEqual(string.Empty, outputs["risk"]);
        }
    }

    [TestMethod]
    [DataRow("advise")]
    [DataRow("enforce")]
    public async Task RunAndGate_SameUnusableStore_BothPassWithThePipewiseErrorAndAWarningUnlessFailClosed(string mode)
    {
        // The same Pipewise failure for the step and for `pipewise gate`: a store that cannot be opened (a file
        // stands where its folder should be). The gate service's answer to it is asserted in GateService.Tests
        // (AzureDevOpsGate_StoreHangs_AnswersFailOpenWithinTheRequestTimeout: pass, pipewise-error first).
        var blocker = Path.Combine(dir, "not-a-folder");
        File.WriteAllText(blocker, "x");
        var store = Path.Combine(blocker, "store");
        foreach (var (failClosed, exitCode, verdict) in new[] { (false, 0, "pass"), (true, 3, "fail") })
        {
            foreach (var command in new[] { "run", "gate" })
            {
                var outputPath = Path.Combine(dir, $"out_{command}_{failClosed}");
                File.WriteAllText(outputPath, string.Empty);
                var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputPath, ["INPUT_TOKEN"] = Token };
                string[] args = command == "run"
                    ? ["run", "--store", store, "--mode", mode, "--fail-closed", failClosed ? "true" : "false"]
                    : ["gate", "--store", store, "--pipeline", "github/octo/app/ci.yml", "--mode", mode, "--fail-closed", failClosed ? "true" : "false"];

                var result = await PipewiseProcess.RunAsync(dir, env, args);

                var what = $"{command} {mode} fail-closed={failClosed}: {result.Stdout}{result.Stderr}";
                Assert.AreEqual(exitCode, result.ExitCode, what);
                var outputs = File.ReadAllLines(outputPath).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
                Assert.AreEqual(verdict, outputs["verdict"], what);
                StringAssert.Contains(result.Stdout, "::warning ", what);
                StringAssert.Contains(result.Stdout, "Pipewise could not score this run", what);
                StringAssert.Contains(result.Stdout, failClosed ? "fail-closed is set" : "failing open", what);
                if (command == "gate")
                {
                    StringAssert.Contains(outputs["reasons"], "\"code\":\"pipewise-error\"", what);
                }
            }
        }
    }

    [TestMethod]
    public async Task Run_AzureHostUnavailable_WarnsSetsEveryOutputVariableAndFailsOpen()
    {
        var env = new Dictionary<string, string?> { ["TF_BUILD"] = "True" };

        var result = await PipewiseProcess.RunAsync(dir, env, "run", "--store", Path.Combine(dir, "store"));

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stdout, "##vso[task.logissue type=warning]Pipewise could not score this run (the run could not be collected: Azure Pipelines host: SYSTEM_COLLECTIONURI is not set");
        StringAssert.Contains(result.Stdout, "##vso[task.setvariable variable=verdict;isOutput=true]pass");
        StringAssert.Contains(result.Stdout, "##vso[task.setvariable variable=modelVersion;isOutput=true]");
        StringAssert.Contains(result.Stderr, "failing open", "the task's launcher reads this line");
    }

    [TestMethod]
    public async Task Run_StoreInput_WinsOverPipewiseStore()
    {
        var run = new RunRecord { Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", RunId = "1", Result = RunResult.Succeeded };
        var runFile = Path.Combine(dir, "run.json");
        File.WriteAllBytes(runFile, RunRecordJson.Serialize(run));
        var env = new Dictionary<string, string?> { ["INPUT_STORE"] = Path.Combine(dir, "from-input"), ["PIPEWISE_STORE"] = Path.Combine(dir, "from-env") };

        var result = await PipewiseProcess.RunAsync(dir, env, "run", "--run-file", runFile);
        var runs = await PipewiseProcess.RunAsync(dir, env, "runs", "--pipeline", "octo/app", "--last", "1", "--json");

        Assert.AreEqual(0, result.ExitCode, result.Stdout + result.Stderr);
        Assert.IsTrue(Directory.Exists(Path.Combine(dir, "from-input")));
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "from-env")));
        Assert.AreEqual(0, runs.ExitCode, runs.Stderr);
        Assert.AreEqual(1, JsonDocument.Parse(runs.Stdout).RootElement.GetArrayLength());
    }
}
