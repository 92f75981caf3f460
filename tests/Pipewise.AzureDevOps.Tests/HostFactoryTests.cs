using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed class HostFactoryTests
{
    [TestMethod]
    public void Create_OutsideAPipeline_SaysWhichVariableIsMissing()
    {
        using var output = new StringWriter();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() =>
            AzurePipelinesRunHost.Create(new RunHostSettings { Environment = new Dictionary<string, string?>(), Output = output }));

        StringAssert.Contains(ex.Message, "SYSTEM_COLLECTIONURI");
    }

    [TestMethod]
    public void Create_NoToken_ExplainsHowToProvideOne()
    {
        using var output = new StringWriter();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() =>
            AzurePipelinesRunHost.Create(new RunHostSettings
            {
                Environment = new Dictionary<string, string?> { ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/fabrikam/" },
                Output = output,
            }));

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
