using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Storage;

namespace Pipewise.Cli;

/// <summary>Wires the adapters (forecaster, agent, trackers, hosts) into the hosts' ports.</summary>
public static class Wiring
{
    public static Task<IForecaster?> CreateForecasterAsync(IPipewiseStore store, string? modelDirectory, CancellationToken cancellationToken) =>
        Task.FromResult<IForecaster?>(null);

    public static ITuningAgent? CreateAgent(IPipewiseStore store, int? seed) => null;

    public static IPredictionTracker? CreatePredictionTracker(IPipewiseStore store) => null;

    public static IVerdictLog? CreateVerdictLog(IPipewiseStore store) => null;

    /// <summary>The CI host adapters by name; "local" is handled by the run command.</summary>
    public static IReadOnlyDictionary<string, Func<RunHostSettings, IRunHost>> Hosts { get; } =
        new Dictionary<string, Func<RunHostSettings, IRunHost>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Markdown renderer for summaries (the shared SummaryRenderer once present).</summary>
    public static Func<RunOutcome, string> RenderMarkdown { get; } = outcome => "```\n" + LocalRunHost.PlainText(outcome) + "\n```\n";
}
