using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Hosting.Secrets;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class LoggingCommandMaskingTests
{
    private const string AccountKey = "c2VjcmV0a2V5c2VjcmV0a2V5PT0=";

    [TestMethod]
    public void Messages_WithTheRunsMasker_NeverCarryASecret()
    {
        var masker = SecretMasker.ForRun(Fixtures.Token, new Dictionary<string, string?>());
        var output = new StringWriter();
        var log = new LoggingCommands(output, masker);

        masker.OnSecret(log.SetSecret);
        log.LogIssue(false, $"401 for {Fixtures.Token}");
        log.Line($"retrying with {Fixtures.Token}");

        var commands = ParsedCommand.ParseAll(output.ToString());
        Assert.AreEqual(Fixtures.Token, commands.Single(c => c.Name == "task.setsecret").Data);
        Assert.AreEqual("401 for ***", commands.Single(c => c.Name == "task.logissue").Data);
        Assert.AreEqual(1, output.ToString().Split(Fixtures.Token).Length - 1, "only task.setsecret carries the token");
    }

    [TestMethod]
    public async Task CreateHost_StoreConnectionString_TokenThenStoreCredentialsAreSecrets()
    {
        await using var server = await ReplayServer.StartAsync();
        var env = Fixtures.BuildEnvironment(new Uri(server.BaseUrl, "fabrikam/"));
        env["PIPEWISE_STORE"] = $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AccountKey};EndpointSuffix=core.windows.net";
        using var output = new StringWriter();

        using var host = Fixtures.Host(server, env, output);

        var secrets = ParsedCommand.ParseAll(output.ToString()).Where(c => c.Name == "task.setsecret").Select(c => c.Data).ToList();
        CollectionAssert.AreEqual(new[] { env["PIPEWISE_STORE"], AccountKey, Fixtures.Token }, secrets);
    }
}
