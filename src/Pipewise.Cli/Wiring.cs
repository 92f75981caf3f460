using Pipewise.Agent;
using Pipewise.AzureDevOps;
using Pipewise.Core.Agent;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.Core.Storage;
using Pipewise.Forecasting;
using Pipewise.Storage.Verdicts;
using Pipewise.GitHub;
using Pipewise.Hosting.CiHosts;

namespace Pipewise.Cli;

/// <summary>Wires the adapters (forecaster, agent, trackers, hosts) into the hosts' ports.</summary>
public static class Wiring
{
    public static Task<IForecaster?> CreateForecasterAsync(IPipewiseStore store, string? modelDirectory, CancellationToken cancellationToken) =>
        ForecasterFactory.CreateAsync(store, modelDirectory, cancellationToken);

    public static ITuningAgent? CreateAgent(IPipewiseStore store, int? seed) =>
        SarsaAgentFactory.Create(store, new AgentOptions { Seed = seed });

    public static IPredictionTracker? CreatePredictionTracker(IPipewiseStore store) => PredictionTrackerFactory.Create(store);

    public static IVerdictLog? CreateVerdictLog(IPipewiseStore store) => StoreVerdictLog.Create(store);

    /// <summary>The one assessment path over a store, with the given forecaster and agent.</summary>
    public static RunAssessor CreateAssessor(IPipewiseStore store, IForecaster? forecaster, ITuningAgent? agent, IPredictionTracker? predictions) =>
        new(new RecentRuns(store, TimeSpan.Zero, TimeProvider.System), forecaster, agent, predictions, CreateVerdictLog(store), new AssessorOptions(), TimeProvider.System);

    /// <summary>The CI hosts over an environment: GitHub Actions, Azure Pipelines, else local.</summary>
    public static CiHostResolver CiHosts(IReadOnlyDictionary<string, string?> environment) =>
        new(new LocalHost(environment), [new GitHubActionsHost(environment), new AzurePipelinesHost(environment)]);

    /// <summary>Markdown renderer for summaries (the same one the hosts use).</summary>
    public static Func<RunOutcome, string> RenderMarkdown { get; } = outcome => SummaryRenderer.Render(outcome);
}
