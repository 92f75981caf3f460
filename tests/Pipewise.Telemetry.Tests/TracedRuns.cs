using Pipewise.Core.Runs;

namespace Pipewise.Telemetry.Tests;

/// <summary>A run with 2 jobs and 5 steps, queued 40 s before it started.</summary>
internal static class TracedRuns
{
    public static readonly DateTimeOffset Queued = new(2026, 11, 20, 9, 59, 20, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static RunRecord Run(string jobName = "build", string branch = "main", int attempt = 1) => new()
    {
        Provider = "github",
        Organization = "octo",
        Repository = "shop",
        PipelineId = "1234",
        PipelineName = "CI",
        RunId = "555",
        Attempt = attempt,
        Number = 42,
        Event = "push",
        Branch = branch,
        Commit = "0123456789abcdef0123456789abcdef01234567",
        QueuedAt = Queued,
        StartedAt = Start,
        FinishedAt = Start.AddMinutes(10),
        Result = RunResult.Failed,
        Tests = new TestSummary { Total = 120, Failed = 2, Passed = 118 },
        Jobs =
        [
            new JobRecord
            {
                Name = jobName,
                Id = "9001",
                Runner = "ubuntu-24.04 #3",
                QueuedAt = Start,
                StartedAt = Start.AddSeconds(10),
                FinishedAt = Start.AddMinutes(4),
                Result = RunResult.Succeeded,
                Steps =
                [
                    new StepRecord { Name = "checkout", Number = 1, StartedAt = Start.AddSeconds(10), FinishedAt = Start.AddSeconds(20), Result = RunResult.Succeeded },
                    new StepRecord { Name = "restore", Number = 2, StartedAt = Start.AddSeconds(20), FinishedAt = Start.AddSeconds(90), Result = RunResult.Succeeded },
                    new StepRecord { Name = "compile", Number = 3, StartedAt = Start.AddSeconds(90), FinishedAt = Start.AddMinutes(4), Result = RunResult.Succeeded },
                ],
            },
            new JobRecord
            {
                Name = "test",
                Id = "9002",
                QueuedAt = Start.AddMinutes(4),
                StartedAt = Start.AddMinutes(4).AddSeconds(30),
                FinishedAt = Start.AddMinutes(10),
                Result = RunResult.Failed,
                Steps =
                [
                    new StepRecord { Name = "checkout", Number = 1, StartedAt = Start.AddMinutes(4).AddSeconds(30), FinishedAt = Start.AddMinutes(4).AddSeconds(40), Result = RunResult.Succeeded },
                    new StepRecord { Name = "unit tests", Number = 2, StartedAt = Start.AddMinutes(4).AddSeconds(40), FinishedAt = Start.AddMinutes(10), Result = RunResult.Failed },
                ],
            },
        ],
    };
}
