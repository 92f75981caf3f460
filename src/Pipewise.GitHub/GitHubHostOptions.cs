using Pipewise.GitHub.Api;
using Pipewise.Hosting.Secrets;

namespace Pipewise.GitHub;

/// <summary>Extra knobs of the GitHub host (tests and advanced use).</summary>
public sealed record GitHubHostOptions
{
    public GitHubApiOptions Api { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Folder of the resource monitor; default RUNNER_TEMP/pipewise-monitor.</summary>
    public string? MonitorDirectory { get; init; }

    /// <summary>The run's secret masker; when null, one is made from the token and the store settings.</summary>
    public SecretMasker? Masker { get; init; }
}
