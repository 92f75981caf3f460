using Pipewise.AzureDevOps;
using Pipewise.GitHub;
using Pipewise.Hosting.CiHosts;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class CiHostResolverTests
{
    private static CiHostResolver Resolver(Dictionary<string, string?> env) =>
        new(new LocalHost(env), [new GitHubActionsHost(env), new AzurePipelinesHost(env)]);

    [TestMethod]
    [DataRow("GITHUB_ACTIONS", "true", "github")]
    [DataRow("TF_BUILD", "True", "azure-devops")]
    [DataRow("CI", "true", "local")]
    public void Resolve_Auto_DetectsTheHostFromTheEnvironment(string variable, string value, string expected) =>
        Assert.AreEqual(expected, Resolver(new() { [variable] = value }).Resolve("auto")!.Name);

    [TestMethod]
    public void Resolve_ByName_IgnoresDetectionAndUnknownIsNull()
    {
        var resolver = Resolver(new() { ["GITHUB_ACTIONS"] = "true" });

        Assert.IsInstanceOfType<AzurePipelinesHost>(resolver.Resolve("Azure-DevOps"));
        Assert.IsInstanceOfType<LocalHost>(resolver.Resolve("local"));
        Assert.IsNull(resolver.Resolve("jenkins"));
        CollectionAssert.AreEqual(new[] { "local", "github", "azure-devops" }, resolver.Names.ToArray());
    }

    [TestMethod]
    public void Token_GitHub_InputThenGitHubToken()
    {
        Assert.AreEqual("ghs_input", new GitHubActionsHost(new Dictionary<string, string?> { ["INPUT_TOKEN"] = "ghs_input", ["GITHUB_TOKEN"] = "ghs_env" }).Token);
        Assert.AreEqual("ghs_env", new GitHubActionsHost(new Dictionary<string, string?> { ["INPUT_TOKEN"] = "", ["GITHUB_TOKEN"] = "ghs_env" }).Token);
    }

    [TestMethod]
    public void Token_Azure_InputThenSystemAccessTokenThenPipewiseVariable()
    {
        var env = new Dictionary<string, string?> { ["SYSTEM_ACCESSTOKEN"] = "job", ["PIPEWISE_AZURE_DEVOPS_TOKEN"] = "pat", ["GITHUB_TOKEN"] = "ghs_not_this" };
        Assert.AreEqual("job", new AzurePipelinesHost(env).Token);
        env.Remove("SYSTEM_ACCESSTOKEN");
        Assert.AreEqual("pat", new AzurePipelinesHost(env).Token);
        env["INPUT_TOKEN"] = "input";
        Assert.AreEqual("input", new AzurePipelinesHost(env).Token);
        Assert.IsNull(new LocalHost(env).Token, "the local host takes no token");
    }
}
