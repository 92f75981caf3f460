using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipewise.Agent;
using Pipewise.Agent.Insights;
using Pipewise.Agent.Learning;
using Pipewise.Core.Agent;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;
using Pipewise.Forecasting;
using Pipewise.Storage;
using Pipewise.Storage.Verdicts;

namespace Pipewise.Composition;

/// <summary>
/// The parts of Pipewise over one store, wired once for every host. A part that cannot be built (no model, a broken
/// tracker) is left out with a note: Pipewise then works with what it has.
/// </summary>
public sealed record PipewiseComponents
{
    public required IPipewiseStore Store { get; init; }
    public IForecaster? Forecaster { get; init; }
    public ITuningAgent? Agent { get; init; }
    public IPredictionTracker? Predictions { get; init; }
    public required IVerdictLog Verdicts { get; init; }
    public required IAgentPolicyReader AgentPolicies { get; init; }

    /// <summary>What the agent's detectors read from a history, for the dashboard and the report.</summary>
    public IPipelineInsights Insights { get; init; } = new HistoryInsights();
    public required TimeProvider Time { get; init; }

    /// <summary>What could not be wired, for the host to print.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Opens the store and wires every part. Throws only when the store spec itself is invalid.</summary>
    public static async Task<PipewiseComponents> LoadAsync(PipewiseSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var store = StoreFactory.Open(settings.Store);
        return await ForStoreAsync(store, settings, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wires every part over an open store (tests pass an in-memory one).</summary>
    public static async Task<PipewiseComponents> ForStoreAsync(IPipewiseStore store, PipewiseSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        var notes = new List<string>();
        IForecaster? forecaster = null;
        try
        {
            forecaster = await ForecasterFactory.CreateAsync(store, settings.ModelDirectory, notes.Add, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add($"The forecasting model could not be loaded ({ex.Message}); verdicts rest on tests and anomaly only.");
        }

        return new PipewiseComponents
        {
            Store = store,
            Forecaster = forecaster,
            Agent = SarsaAgentFactory.Create(store, new AgentOptions { Seed = settings.AgentSeed }),
            Predictions = PredictionTrackerFactory.Create(store),
            Verdicts = StoreVerdictLog.Create(store, new VerdictLogOptions { CompactEvery = StoreVerdictLog.CompactEveryInLine, Time = time }),
            AgentPolicies = new QTablePolicyReader(store),
            Time = time,
            Notes = notes,
        };
    }

    /// <summary>The one assessment path over these parts.</summary>
    public RunAssessor CreateAssessor(AssessorOptions options, ILoggerFactory? logging = null) => new(
        new RecentRuns(Store, options.HistoryCacheTime, Time),
        Forecaster,
        Agent,
        Predictions,
        Verdicts,
        options,
        Time,
        (logging ?? NullLoggerFactory.Instance).CreateLogger<RunAssessor>());
}
