using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.Hosting.Secrets;

namespace Pipewise.Hosting.CiHosts;

/// <summary>
/// Outside a CI runner: the run comes from <see cref="RunHostSettings.RunFile"/> and the outcome is written as plain
/// text (<see cref="LocalRunHost"/>). Always detected, so it is what <c>auto</c> falls back to. No provider token.
/// </summary>
public sealed class LocalHost(IReadOnlyDictionary<string, string?> environment) : CiHost(environment)
{
    public override string Name => "local";

    public override bool IsDetected => true;

    /// <exception cref="ArgumentException">No run file was given.</exception>
    public override IRunHost CreateRunHost(RunHostSettings settings, SecretMasker masker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(settings.RunFile);
        return new LocalRunHost(settings.RunFile, settings.Output, settings.SummaryFile, outcome => SummaryRenderer.Render(outcome));
    }
}
