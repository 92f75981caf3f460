using Pipewise.GitHub.Runner;
using Pipewise.Hosting.Secrets;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class WorkflowCommandMaskingTests
{
    [TestMethod]
    public void Messages_WithTheRunsMasker_NeverCarryASecret()
    {
        var masker = SecretMasker.ForRun(FakeRunner.Token, new Dictionary<string, string?>());
        var log = new StringWriter();
        var commands = new WorkflowCommands(log, masker);

        masker.OnSecret(commands.AddMask);
        commands.Warning($"GitHub said 401 for {FakeRunner.Token}");
        commands.Info($"retrying with {FakeRunner.Token}");

        var parsed = RunnerFileParser.Commands(log.ToString());
        Assert.AreEqual(FakeRunner.Token, parsed.Single(c => c.Name == "add-mask").Message, "the runner is told the secret itself");
        Assert.AreEqual("GitHub said 401 for ***", parsed.Single(c => c.Name == "warning").Message);
        Assert.AreEqual(1, log.ToString().Split(FakeRunner.Token).Length - 1, "only add-mask carries the token");
    }
}
