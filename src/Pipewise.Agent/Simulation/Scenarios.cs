namespace Pipewise.Agent.Simulation;

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
