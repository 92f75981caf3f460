using Pipewise.AzureDevOps;
using Pipewise.GitHub;
using Pipewise.Hosting.CiHosts;

namespace Pipewise.Cli;

/// <summary>The CI hosts the pipewise command knows; everything else is wired by Pipewise.Composition.</summary>
public static class Wiring
{
    /// <summary>The CI hosts over an environment: GitHub Actions, Azure Pipelines, else local.</summary>
    public static CiHostResolver CiHosts(IReadOnlyDictionary<string, string?> environment) =>
        new(new LocalHost(environment), [new GitHubActionsHost(environment), new AzurePipelinesHost(environment)]);
}
