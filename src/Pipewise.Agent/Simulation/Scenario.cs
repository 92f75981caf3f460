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

/// <summary>The shipped scenarios.</summary>
public static class Scenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new()
        {
            Name = "go-service",
            Description = "A Go service: short runs dominated by checkout and module download; few tests.",
            Language = "go",
            DurationScale = 2,
            CheckoutShare = 0.2,
            DependencyShare = 0.35,
            BuildShare = 0.2,
            TestShare = 0.2,
            DocsOnlyRate = 0.12,
            SupersededRate = 0.06,
        },
        new()
        {
            Name = "java-monolith",
            Description = "A Java monolith: long, test-heavy, CPU-bound runs with a Maven dependency download.",
            Language = "java",
            DurationScale = 4,
            CheckoutShare = 0.05,
            DependencyShare = 0.15,
            BuildShare = 0.2,
            TestShare = 0.55,
        },
        new()
        {
            Name = "flaky-integration",
            Description = "Java integration tests against services that fail to start now and then, and occasional hangs.",
            Language = "java",
            DurationScale = 2,
            CheckoutShare = 0.08,
            DependencyShare = 0.2,
            BuildShare = 0.2,
            TestShare = 0.45,
            IntermittentScale = 1.5,
            HangRate = 0.03,
        },
        new()
        {
            Name = "busy-monorepo",
            Description = "A busy Go monorepo: frequent pushes that overtake each other, many docs-only changes, a large clone.",
            Language = "go",
            DurationScale = 3,
            CheckoutShare = 0.3,
            DependencyShare = 0.25,
            BuildShare = 0.2,
            TestShare = 0.2,
            DocsOnlyRate = 0.25,
            SupersededRate = 0.3,
        },
        new()
        {
            Name = "risky-deploys",
            Description = "A Java service whose risky changes (flagged by the forecast) often break the deployment.",
            Language = "java",
            DurationScale = 1.5,
            RiskyChangeRate = 0.3,
            DeployFailLow = 0.02,
            DeployFailHigh = 0.45,
            DeploySeconds = 420,
        },
    ];

    public static Scenario Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scenario '{name}'; expected one of: {string.Join(", ", All.Select(s => s.Name))}, all.", nameof(name));
}
