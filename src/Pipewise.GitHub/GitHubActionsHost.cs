using Pipewise.Core.Hosting;
using Pipewise.Hosting.CiHosts;
using Pipewise.Hosting.Secrets;

namespace Pipewise.GitHub;

/// <summary>
/// GitHub Actions as a CI host: detected by <c>GITHUB_ACTIONS=true</c>; the token is the action's <c>token</c> input
/// (<c>INPUT_TOKEN</c>), else <c>GITHUB_TOKEN</c>; the run host is <see cref="GitHubRunHost"/>.
/// </summary>
public sealed class GitHubActionsHost(IReadOnlyDictionary<string, string?> environment) : CiHost(environment)
{
    public override string Name => "github";

    public override bool IsDetected => Is("GITHUB_ACTIONS", "true");

    public override IReadOnlyList<string> TokenVariables { get; } = ["INPUT_TOKEN", "GITHUB_TOKEN"];

    public override IRunHost CreateRunHost(RunHostSettings settings, SecretMasker masker) => GitHubRunHost.Create(settings, masker);
}
