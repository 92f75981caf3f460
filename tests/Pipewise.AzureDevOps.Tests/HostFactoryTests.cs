using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class HostFactoryTests
{
    [TestMethod]
    public async Task Create_OutsideAPipeline_CollectSaysWhichVariableIsMissing()
    {
        using var output = new StringWriter();
        var host = AzurePipelinesRunHost.Create(new RunHostSettings { Environment = new Dictionary<string, string?>(), Output = output });

        var ex = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.CollectAsync());

        StringAssert.Contains(ex.Message, "SYSTEM_COLLECTIONURI");
        Assert.AreEqual("Azure Pipelines", host.Name);
    }

    [TestMethod]
    public async Task Create_NoToken_CollectExplainsHowToProvideOne()
    {
        using var output = new StringWriter();
        var host = AzurePipelinesRunHost.Create(new RunHostSettings
        {
            Environment = new Dictionary<string, string?> { ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/fabrikam/" },
            Output = output,
        });

        var ex = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.CollectAsync());

        StringAssert.Contains(ex.Message, "System.AccessToken");
        StringAssert.Contains(ex.Message, "AZURE_DEVOPS_EXT_PAT");
    }

    [TestMethod]
    public void Create_JobTokenFromEndpoint_UsesBearerAndTheVsrmHostForReleases()
    {
        using var output = new StringWriter();
        using var host = (AzurePipelinesRunHost)AzurePipelinesRunHost.Create(new RunHostSettings
        {
            Environment = new Dictionary<string, string?>
            {
                ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/fabrikam/",
                ["SYSTEM_TEAMPROJECT"] = "web",
                ["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = Fixtures.Token,
            },
            Output = output,
        });

        var connection = ((AzureDevOpsClient)host.Client).Connection;
        Assert.AreEqual(AzureDevOpsAuthScheme.JobToken, connection.Credential.Scheme);
        Assert.AreEqual("https://vsrm.dev.azure.com/fabrikam/", connection.ReleaseUri.AbsoluteUri);
        Assert.AreEqual("Azure Pipelines", host.Name);
    }

    [TestMethod]
    public void Create_PatFromEnvironment_UsesBasic()
    {
        using var output = new StringWriter();
        using var host = (AzurePipelinesRunHost)AzurePipelinesRunHost.Create(new RunHostSettings
        {
            Environment = new Dictionary<string, string?>
            {
                ["SYSTEM_COLLECTIONURI"] = "https://fabrikam.visualstudio.com/",
                ["AZURE_DEVOPS_EXT_PAT"] = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst",
            },
            Output = output,
        });

        Assert.AreEqual(AzureDevOpsAuthScheme.PersonalAccessToken, ((AzureDevOpsClient)host.Client).Connection.Credential.Scheme);
    }
}
