namespace Pipewise.Agent.Simulation;

/// <summary>
/// A simulated pipeline. Duration level, spread, failure, error and pull-request rates come from a calibrated
/// <see cref="LanguageProfile"/>; the split of a run into steps and the rates of docs-only changes, superseded pushes,
/// hangs and risky deployments are the scenario's documented assumptions (docs/simulation.md).
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string Language { get; init; }

    /// <summary>Multiplier on the profile's median job duration.</summary>
    public double DurationScale { get; init; } = 1;

    public double CheckoutShare { get; init; } = 0.1;
    public double DependencyShare { get; init; } = 0.2;
    public double BuildShare { get; init; } = 0.25;
    public double TestShare { get; init; } = 0.35;
    public double ServicesSeconds { get; init; } = 20;

    /// <summary>Per-run duration noise = profile log-σ × this share (the rest of the real spread is slow drift).</summary>
    public double NoiseShare { get; init; } = 0.5;

    public double CacheHitRate { get; init; } = 0.85;

    public double DocsOnlyRate { get; init; } = 0.05;

    public double SupersededRate { get; init; } = 0.05;

    public double HangRate { get; init; }

    /// <summary>Multiplier on the profile's errored rate (intermittent, retryable failures).</summary>
    public double IntermittentScale { get; init; } = 0.3;

    /// <summary>Multiplier on the profile's failed rate (real test failures).</summary>
    public double RealFailureScale { get; init; } = 0.3;

    public double RetrySuccessRate { get; init; } = 0.75;

    public double RiskyChangeRate { get; init; } = 0.1;
    public double DeployFailLow { get; init; } = 0.02;
    public double DeployFailHigh { get; init; } = 0.3;
    public double DeploySeconds { get; init; } = 300;

    public LanguageProfile Profile => Calibration.Get(Language);

    public double BaseSeconds => Profile.MedianJobSeconds * DurationScale;

    public double IntermittentRate => Math.Min(0.5, Profile.ErroredRate * IntermittentScale);

    public double RealFailureRate => Math.Min(0.5, Profile.FailedRate * RealFailureScale);

    public double PullRequestRate => Profile.PullRequestShare;

    public double Noise => Profile.JobLogSigma * NoiseShare;
}
