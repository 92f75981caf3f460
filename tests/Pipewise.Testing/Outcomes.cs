using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Testing;

public static class Outcomes
{
    public static RunRecord Run(string branch = "main", int? pr = null, int jobs = 1, string jobName = "build") => new()
    {
        Provider = "github",
        Organization = "octo-org",
        Repository = "octo-repo",
        PipelineId = "159038",
        PipelineName = "Build",
        RunId = "30433642",
        Number = 562,
        Event = pr is null ? "push" : "pull_request",
        Branch = branch,
        IsDefaultBranch = branch == "main",
        Commit = "acb5820ced9479c074f688cc328bf03f341a511d",
        PullRequest = pr,
        QueuedAt = new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2020, 1, 22, 19, 33, 20, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2020, 1, 22, 19, 43, 20, TimeSpan.Zero),
        Result = RunResult.Succeeded,
        Jobs =
        [
            .. Enumerable.Range(1, jobs).Select(i => new JobRecord
            {
                Name = jobs == 1 ? jobName : $"{jobName} {i}",
                StartedAt = new DateTimeOffset(2020, 1, 22, 19, 33, 20, TimeSpan.Zero),
                FinishedAt = new DateTimeOffset(2020, 1, 22, 19, 43, 20, TimeSpan.Zero).AddSeconds(-i),
                Result = RunResult.Succeeded,
                Steps = [new StepRecord { Name = "Run tests", Number = 1, StartedAt = new DateTimeOffset(2020, 1, 22, 19, 34, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2020, 1, 22, 19, 40, 0, TimeSpan.Zero), Result = RunResult.Succeeded }],
            }),
        ],
    };

    public static RunOutcome Outcome(RunRecord? run = null, Verdict verdict = Verdict.Warn, GateMode mode = GateMode.Advise)
    {
        run ??= Run();
        var forecast = new Forecast { DurationP50Seconds = 300, DurationP90Seconds = 420, FailureProbability = 0.62, ModelVersion = "bilstm@2026-11-25.1", TopFeatures = [new FeatureContribution("queue_seconds", 42, 0.12)] };
        var reasons = verdict == Verdict.Pass
            ? new[] { new GateReason("all-clear", Verdict.Pass, 0, 0, "every measured value is below its threshold") }
            : new[] { new GateReason("failure-risk", verdict, 0.62, 0.5, "failure probability 0.62 ≥ warn threshold 0.50") };
        return new RunOutcome
        {
            Run = run,
            Forecast = forecast,
            AnomalyZ = 2.4,
            Decision = new AgentDecision
            {
                State = "s",
                Strategy = DeploymentStrategy.Canary,
                Suggestions =
                [
                    new Suggestion
                    {
                        ActionId = "cache-deps",
                        Title = "Cache dependencies",
                        Evidence = "restore took 2m 10s in the last 5 runs",
                        GitHubSnippet = "- uses: actions/cache@v4\n  with:\n    path: ~/.nuget/packages\n    key: nuget-${{ hashFiles('**/*.csproj') }}",
                        AzurePipelinesSnippet = "- task: Cache@2\n  inputs:\n    key: 'nuget | **/*.csproj'",
                        ExpectedSavingSeconds = 95,
                    },
                ],
            },
            Verdict = new GateVerdict { Verdict = verdict, Mode = mode, Reasons = reasons, ModelVersion = forecast.ModelVersion, TopFeatures = forecast.TopFeatures, Strategy = DeploymentStrategy.Canary },
            HistoryRuns = 12,
            RecentRuns = [.. Enumerable.Range(1, 5).Select(i => Run() with { RunId = (30433600 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Number = 556 + i })],
            Notes = ["Not enough history for the agent's state yet."],
        };
    }
}
