using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Tests;

internal static class Outcomes
{
    public static RunRecord Run(int? pullRequest = 22, string pipelineName = "VsoBuildApi", string branch = "master") => new()
    {
        Provider = "azure-devops",
        Organization = "fabrikam",
        Repository = "Fabrikam-Fiber-Git",
        PipelineId = "25",
        PipelineName = pipelineName,
        RunId = "391",
        Branch = branch,
        PullRequest = pullRequest,
        StartedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 25, 10, 5, 0, TimeSpan.Zero),
        Result = RunResult.Succeeded,
        Jobs = [new JobRecord { Name = "Build", Runner = "Hosted Agent" }],
    };

    public static RunOutcome Outcome(Verdict verdict = Verdict.Warn, GateMode mode = GateMode.Advise, RunRecord? run = null, string reason = "Failure risk 0.42 is above the warn threshold 0.30.", string evidence = "p90 queue time 95 s", IReadOnlyList<string>? notes = null) => new()
    {
        Run = run ?? Run(),
        Forecast = new Forecast { DurationP50Seconds = 280, DurationP90Seconds = 400, FailureProbability = 0.42, ModelVersion = "bilstm@2026-11-25.1" },
        AnomalyZ = 0.35,
        Decision = new AgentDecision
        {
            State = "s1",
            Strategy = DeploymentStrategy.Canary,
            Suggestions =
            [
                new Suggestion { ActionId = "cache-deps", Title = "Cache dependencies", Evidence = evidence, AzurePipelinesSnippet = "- task: Cache@2", ExpectedSavingSeconds = 42.4 },
            ],
        },
        Verdict = new GateVerdict
        {
            Verdict = verdict,
            Mode = mode,
            Reasons = [new GateReason("failure-risk", verdict, 0.42, 0.30, reason)],
            ModelVersion = "bilstm@2026-11-25.1",
        },
        Notes = notes ?? [],
    };
}
