using System.Text;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Runner;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class RunnerContractTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ReportAsync_Outputs_ParseBackAsTheRunnerReadsThem()
    {
        await using var server = await ReplayServer.StartAsync();
        using var runner = new FakeRunner();
        var outcome = Outcomes.Outcome();

        await runner.Host(server.BaseUrl, postStatus: false, postComment: false).ReportAsync(outcome, TestContext.CancellationToken);

        var parsed = RunnerFileParser.Parse(File.ReadAllText(runner.OutputPath));
        var expected = RunOutputs.From(outcome);
        CollectionAssert.AreEqual(expected.Select(e => e.Key).ToArray(), parsed.Select(p => p.Key).ToArray());
        CollectionAssert.AreEqual(expected.Select(e => e.Value).ToArray(), parsed.Select(p => p.Value).ToArray());
        var names = parsed.Select(p => p.Key).ToHashSet();
        foreach (var name in new[] { "risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version" })
        {
            Assert.Contains(name, names);
        }

        Assert.AreEqual("warn", parsed.Single(p => p.Key == "verdict").Value);
        Assert.AreEqual("300", parsed.Single(p => p.Key == "expected-duration").Value);
    }

    [TestMethod]
    [DataRow("two\nlines")]
    [DataRow("windows\r\nline end")]
    [DataRow("looks=like<<heredoc")]
    [DataRow("contains ghadelimiter_ text\nand more")]
    [DataRow("")]
    [DataRow("ends with newline\n")]
    public void AppendOutputs_AnyValue_RoundTripsThroughTheRunnerParser(string value)
    {
        var path = Path.GetTempFileName();
        try
        {
            EnvironmentFiles.AppendOutputs(path, [new("first", "1"), new("value", value), new("last", "z")]);
            var text = File.ReadAllText(path);
            Assert.IsFalse(text.Contains('\r', StringComparison.Ordinal), "no \\r reaches the file: Linux runners would keep it in the value");
            Assert.IsFalse(File.ReadAllBytes(path).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 without BOM");

            var parsed = RunnerFileParser.Parse(text);
            Assert.HasCount(3, parsed);
            Assert.AreEqual(value.Replace("\r\n", "\n", StringComparison.Ordinal), parsed[1].Value);
            Assert.AreEqual("z", parsed[2].Value);
            CollectionAssert.AreEqual(parsed, RunnerFileParser.Parse(text, windows: true), "Windows reads the same");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void FormatEntry_DelimiterCollision_PicksAnotherDelimiter()
    {
        var delimiters = new Queue<string>(["ghadelimiter_A", "ghadelimiter_B"]);
        var entry = EnvironmentFiles.FormatEntry("x", "line\nghadelimiter_A\nmore", delimiters.Dequeue);
        var parsed = RunnerFileParser.Parse(entry);
        Assert.AreEqual("line\nghadelimiter_A\nmore", parsed.Single().Value);
        StringAssert.StartsWith(entry, "x<<ghadelimiter_B\n");
    }

    [TestMethod]
    public void AppendStepSummary_HugeOutcome_StaysWithinOneMebibyte()
    {
        using var runner = new FakeRunner();
        File.WriteAllText(runner.SummaryPath, new string('x', 900_000) + "\n");
        var run = Outcomes.Run(jobs: 20_000, jobName: new string('j', 200) + " é");
        var outcome = Outcomes.Outcome(run) with { Notes = [.. Enumerable.Range(0, 6000).Select(i => "note " + new string('n', 200))] };

        var markdown = SummaryRenderer.Render(outcome, new SummaryOptions { MaxBytes = 4_000_000 });
        Assert.IsGreaterThan(EnvironmentFiles.StepSummaryLimitBytes, Encoding.UTF8.GetByteCount(markdown), "the test needs an oversized summary");
        EnvironmentFiles.AppendStepSummary(runner.SummaryPath, markdown);

        var size = new FileInfo(runner.SummaryPath).Length;
        Assert.IsLessThanOrEqualTo(EnvironmentFiles.StepSummaryLimitBytes, size);
        StringAssert.Contains(File.ReadAllText(runner.SummaryPath), "Pipewise cut this summary");
    }

    [TestMethod]
    public async Task ReportAsync_LargeRun_SummaryFitsAndKeepsTheVerdict()
    {
        await using var server = await ReplayServer.StartAsync();
        using var runner = new FakeRunner();
        var outcome = Outcomes.Outcome(Outcomes.Run(jobs: 30_000, jobName: new string('k', 100)));

        await runner.Host(server.BaseUrl, postStatus: false, postComment: false).ReportAsync(outcome, TestContext.CancellationToken);

        var summary = File.ReadAllText(runner.SummaryPath);
        Assert.IsLessThanOrEqualTo(EnvironmentFiles.StepSummaryLimitBytes, new FileInfo(runner.SummaryPath).Length);
        StringAssert.Contains(summary, "Pipewise: ⚠️ warn");
        StringAssert.Contains(summary, "failure probability 0\\.62");
    }

    [TestMethod]
    public async Task ReportAsync_HostileNames_CannotInjectCommandsOrHtml()
    {
        const string hostileBranch = "main\n::error file=x::pwned%0A<img src=x onerror=alert(1)>[x](javascript:alert(1))";
        const string hostileJob = "::add-mask::\n::warning::pwned </details><script>alert(1)</script> | `x` |";
        await using var server = await ReplayServer.StartAsync();
        using var runner = new FakeRunner(eventJson: "{\"repository\":{\"default_branch\":\"main\"},\"head_commit\":{\"message\":\"<script>alert(1)</script>\\n::error::pwned\"}}");
        var run = Outcomes.Run(branch: hostileBranch, jobName: hostileJob);
        var outcome = Outcomes.Outcome(run) with
        {
            Decision = Outcomes.Outcome().Decision! with
            {
                Suggestions = [Outcomes.Outcome().Decision!.Suggestions[0] with { Evidence = $"step '{hostileJob}' on '{hostileBranch}' was slow" }],
            },
        };

        await runner.Host(server.BaseUrl, postStatus: false, postComment: false).ReportAsync(outcome, TestContext.CancellationToken);

        var commands = RunnerFileParser.Commands(runner.Log.ToString());
        Assert.IsTrue(commands.All(c => c.Name is "add-mask" or "warning" or "error"), string.Join(" | ", commands.Select(c => c.Name)));
        Assert.AreEqual(1, commands.Count(c => c.Name == "add-mask"), "only the token is masked");
        Assert.AreEqual(FakeRunner.Token, commands.Single(c => c.Name == "add-mask").Message);
        Assert.IsFalse(commands.Any(c => c.Name == "error"), "advise mode writes no error annotation; the hostile text did not make one");
        var suggestion = commands.Single(c => c.Properties.GetValueOrDefault("title") == "Pipewise suggestion");
        StringAssert.Contains(suggestion.Message, hostileJob, "the whole hostile text stays inside one message");
        Assert.IsLessThanOrEqualTo(3, commands.Count(c => c.Name == "warning"));

        var summary = File.ReadAllText(runner.SummaryPath);
        foreach (var bad in new[] { "<img", "<script", "</details><script", "](javascript", "\n::error" })
        {
            Assert.IsFalse(summary.Contains(bad, StringComparison.OrdinalIgnoreCase), $"summary contains raw '{bad}'");
        }

        StringAssert.Contains(summary, "&lt;img src=x onerror=alert(1)&gt;".Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Format_PropertyAndMessage_EscapedAsDocumented()
    {
        var line = WorkflowCommands.Format("warning", [new("title", "a:b,c%d\ne")], "100%\r\nnext::x");
        Assert.AreEqual("::warning title=a%3Ab%2Cc%25d%0Ae::100%25%0D%0Anext::x", line);
        var parsed = RunnerFileParser.Commands(line).Single();
        Assert.AreEqual("a:b,c%d\ne", parsed.Properties["title"]);
        Assert.AreEqual("100%\r\nnext::x", parsed.Message);
    }

    [TestMethod]
    public void Info_LineThatLooksLikeACommand_IsDefused()
    {
        var log = new StringWriter();
        new WorkflowCommands(log).Info("ok\n  ::error::pwned\n##[error]old form");
        Assert.IsEmpty(RunnerFileParser.Commands(log.ToString()));
        Assert.IsFalse(log.ToString().Split('\n').Any(l => l.TrimStart().StartsWith("##[", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Create_Token_IsMaskedBeforeAnythingElse()
    {
        using var runner = new FakeRunner();
        runner.Env.Remove("GITHUB_RUN_ID");
        Assert.ThrowsExactly<GitHubConfigurationException>(() => runner.Host(new Uri("http://127.0.0.1:9/")));
        Assert.AreEqual("::add-mask::" + FakeRunner.Token, runner.Log.ToString().Split('\n')[0].TrimEnd('\r'));
    }

    [TestMethod]
    public void Create_NoTokenInSettings_FallsBackToGitHubTokenAndMasksIt()
    {
        using var runner = new FakeRunner();
        runner.Env["GITHUB_TOKEN"] = "ghs_fromenvironment123";
        _ = GitHubRunHost.Create(runner.Settings(new Uri("http://127.0.0.1:9/"), token: null), new GitHubHostOptions());
        StringAssert.StartsWith(runner.Log.ToString(), "::add-mask::ghs_fromenvironment123");
    }
}

[TestClass]
public sealed class GitHubRunHostFactoryTests
{
    [TestMethod]
    public async Task Create_MissingRunnerEnvironment_DefersTheErrorToCollect()
    {
        var log = new StringWriter();
        var host = GitHubRunHost.Create(new Core.Hosting.RunHostSettings { Environment = new Dictionary<string, string?>(), Token = "ghs_x123456789", Output = log });

        Assert.AreEqual("GitHub Actions", host.Name);
        var ex = await Assert.ThrowsExactlyAsync<GitHubConfigurationException>(() => host.CollectAsync());
        StringAssert.Contains(ex.Message, "GITHUB_REPOSITORY");
        StringAssert.StartsWith(log.ToString(), "::add-mask::ghs_x123456789");
    }
}

[TestClass]
public sealed class StoreSecretMaskingTests
{
    [TestMethod]
    public void Create_StoreConnectionString_AccountKeyAndSasAreMasked()
    {
        using var runner = new FakeRunner();
        runner.Env["INPUT_STORE"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5PT0=;EndpointSuffix=core.windows.net";
        runner.Env["PIPEWISE_STORE"] = "https://acct.blob.core.windows.net/pipewise?sv=2024-01-01&sig=abc%2Fdef123456";
        _ = runner.Host(new Uri("http://127.0.0.1:9/"));

        var masks = RunnerFileParser.Commands(runner.Log.ToString()).Where(c => c.Name == "add-mask").Select(c => c.Message).ToList();
        Assert.AreEqual(FakeRunner.Token, masks[0], "the token first");
        CollectionAssert.Contains(masks, "c2VjcmV0a2V5c2VjcmV0a2V5PT0=");
        CollectionAssert.Contains(masks, "abc%2Fdef123456");
        CollectionAssert.Contains(masks, "abc/def123456");
        CollectionAssert.Contains(masks, runner.Env["INPUT_STORE"]);
    }

    [TestMethod]
    public void StoreSecrets_LocalFolder_MasksNothing() =>
        Assert.IsEmpty(GitHubRunHost.StoreSecrets(new Dictionary<string, string?> { ["PIPEWISE_STORE"] = "/home/runner/work/_temp/pipewise-store" }));
}
