using Pipewise.Core.Hosting;
using Pipewise.Hosting.Secrets;

namespace Pipewise.Hosting.CiHosts;

/// <summary>
/// One CI host (GitHub Actions, Azure Pipelines, local), as GitVersion's build agents: it detects itself from an
/// injected environment, chooses the provider token once, and creates the <see cref="IRunHost"/> that collects and
/// reports the run. <see cref="CiHostResolver"/> picks one for <c>--host auto</c>.
/// </summary>
public abstract class CiHost(IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The environment the host reads (the process environment, a dictionary in tests).</summary>
    protected IReadOnlyDictionary<string, string?> Environment { get; } = environment ?? throw new ArgumentNullException(nameof(environment));

    /// <summary>The <c>--host</c> value: <c>github</c>, <c>azure-devops</c>, <c>local</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the environment is this host's (e.g. GITHUB_ACTIONS=true).</summary>
    public abstract bool IsDetected { get; }

    /// <summary>The variables that may hold the provider token, best first; the first non-empty one is the token.</summary>
    public virtual IReadOnlyList<string> TokenVariables => [];

    /// <summary>The provider token: the first non-empty of <see cref="TokenVariables"/>, never from a flag.</summary>
    public string? Token => TokenVariables
        .Select(name => Environment.GetValueOrDefault(name))
        .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    /// <summary>
    /// Creates the run host. It registers the masker's secrets with the runner before it writes anything, and adds any
    /// secret it finds itself (a token it reads on its own) to the masker.
    /// </summary>
    public abstract IRunHost CreateRunHost(RunHostSettings settings, SecretMasker masker);

    /// <summary>Whether a variable is set to <paramref name="expected"/>, ignoring case (TF_BUILD is "True").</summary>
    protected bool Is(string variable, string expected) =>
        string.Equals(Environment.GetValueOrDefault(variable)?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
