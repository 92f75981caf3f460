using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Gate;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class LoggingCommandTests
{
    private const string Hostile = "main]\r\n##vso[task.complete result=Failed;]owned %3B 100% ; ] ##[error]x";

    [TestMethod]
    public void Format_HostileValueAndData_RoundTripsAsOneCommand()
    {
        var line = LoggingCommands.Format("task.setvariable", [new("variable", "verdict"), new("isOutput", "true")], Hostile);

        Assert.IsFalse(line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal));
        var parsed = ParsedCommand.TryParse(line)!;
        Assert.AreEqual("task.setvariable", parsed.Name);
        Assert.AreEqual("verdict", parsed.Properties["variable"]);
        Assert.AreEqual("true", parsed.Properties["isOutput"]);
        Assert.AreEqual(Hostile, parsed.Data, "the agent's unescaping gives back exactly what was written");
    }

    [TestMethod]
    public void Escape_DocumentedMappings()
    {
        Assert.AreEqual("a%3Bb%0D%0Ac%5Dd%AZP25e", LoggingCommands.Escape("a;b\r\nc]d%e"));
        var property = LoggingCommands.Format("task.logissue", [new("type", "warning;sourcepath=/etc/passwd")], "x");
        var parsed = ParsedCommand.TryParse(property)!;
        Assert.AreEqual("warning;sourcepath=/etc/passwd", parsed.Properties["type"]);
        Assert.IsFalse(parsed.Properties.ContainsKey("sourcepath"), "a value cannot add a property");
    }

    [TestMethod]
    public void Plain_HostileText_CannotStartACommand()
    {
        var text = LoggingCommands.Plain("build ##vso[task.setvariable variable=x]y\n##[error]z ###vso[");

        Assert.IsFalse(text.Contains("##vso[", StringComparison.Ordinal));
        Assert.IsFalse(text.Contains("##[", StringComparison.Ordinal));
        Assert.IsFalse(text.Contains('\n', StringComparison.Ordinal));
        Assert.IsNull(ParsedCommand.TryParse(text));
    }

    [TestMethod]
    public void AddBuildTag_Colon_IsReplaced()
    {
        using var output = new StringWriter();
        new LoggingCommands(output).AddBuildTag(" pipewise:warn ");
        Assert.AreEqual("##vso[build.addbuildtag]pipewise-warn", output.ToString().Trim());
    }

    [TestMethod]
    public async Task ReportAsync_HostileBuildAndBranchNames_ForgeNoCommand()
    {
        await using var server = await ReplayServer.StartAsync();
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["AGENT_TEMPDIRECTORY"] = Path.Combine(Path.GetTempPath(), "pipewise-ado-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var host = Fixtures.Host(server, env, output);
        var run = Outcomes.Run(pullRequest: null, pipelineName: "ci " + Hostile, branch: "feature/" + Hostile);

        await host.ReportAsync(Outcomes.Outcome(Verdict.Warn, run: run, reason: "risk on " + Hostile, evidence: Hostile, notes: ["note " + Hostile]));

        var text = output.ToString();
        var commands = ParsedCommand.ParseAll(text);
        var names = commands.Select(c => c.Name).ToList();
        CollectionAssert.AreEquivalent(
            new[] { "task.setsecret", "task.logissue", "task.setvariable", "task.setvariable", "task.setvariable", "task.setvariable", "task.setvariable", "task.setvariable", "task.setvariable", "task.uploadsummary", "build.addbuildtag", "task.complete" },
            names,
            text);
        Assert.AreEqual(1, commands.Count(c => c.Name == "task.complete"));
        Assert.AreEqual("SucceededWithIssues", commands.Single(c => c.Name == "task.complete").Properties["result"]);
        Assert.AreEqual("warning", commands.Single(c => c.Name == "task.logissue").Properties["type"]);
        StringAssert.Contains(commands.Single(c => c.Name == "task.logissue").Data, "owned %3B 100% ; ]", "the message arrives as data");
        Assert.AreEqual(Hostile, LoggingCommandTestsData.HostileJsonEvidence(commands), "output variables keep the exact value");
        foreach (var line in text.Split('\n').Where(l => !l.StartsWith("##vso[task.setvariable", StringComparison.Ordinal)))
        {
            Assert.IsLessThanOrEqualTo(1, CountOf(line, "##vso["), line);
            Assert.IsFalse(line.TrimStart().StartsWith("##[", StringComparison.Ordinal), line);
        }

        var summary = File.ReadAllText(commands.Single(c => c.Name == "task.uploadsummary").Data);
        Assert.IsFalse(summary.Contains("##vso[task.complete", StringComparison.Ordinal) && summary.Contains("<script", StringComparison.OrdinalIgnoreCase));
    }

    private static class LoggingCommandTestsData
    {
        public static string HostileJsonEvidence(IReadOnlyList<ParsedCommand> commands)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(commands.Single(c => c.Name == "task.setvariable" && c.Properties["variable"] == "suggestions").Data);
            return doc.RootElement[0].GetProperty("evidence").GetString()!;
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
