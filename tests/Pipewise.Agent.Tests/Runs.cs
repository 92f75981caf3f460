using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests;

/// <summary>Builds run records for tests.</summary>
internal static class Runs
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static RunRecord Make(
        int id,
        double seconds = 600,
        RunResult result = RunResult.Succeeded,
        int attempt = 1,
        string pipeline = "ci",
        string? failingStep = null,
        int failedTests = 0,
        bool cache = false,
        double dependencySeconds = 0,
        double testSeconds = 0)
    {
        var start = T0.AddHours(id).AddMinutes(attempt * 10);
        var steps = new List<StepRecord>();
        var t = start;
        void Step(string name, double s, RunResult r = RunResult.Succeeded)
        {
            steps.Add(new StepRecord { Name = name, StartedAt = t, FinishedAt = t.AddSeconds(s), Result = r });
            t = t.AddSeconds(s);
        }

        Step("Checkout", 5);
        if (cache)
        {
            Step("Restore cache", 5);
        }

        if (dependencySeconds > 0)
        {
            Step("Install dependencies", dependencySeconds);
        }

        if (failingStep is not null)
        {
            Step(failingStep, 10, RunResult.Failed);
        }

        if (testSeconds > 0)
        {
            Step("Test", testSeconds);
        }

        return new RunRecord
        {
            Provider = "github",
            Organization = "octo",
            Repository = "app",
            PipelineId = pipeline,
            RunId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Attempt = attempt,
            Sequence = id,
            Event = "push",
            Branch = "main",
            StartedAt = start,
            FinishedAt = start.AddSeconds(seconds),
            Result = result,
            Jobs = [new JobRecord { Name = "build", StartedAt = start, FinishedAt = start.AddSeconds(seconds), Result = result, Steps = steps }],
            Tests = new TestSummary { Total = 100, Failed = failedTests, Passed = 100 - failedTests, DurationSeconds = testSeconds > 0 ? testSeconds : null },
        };
    }
}
