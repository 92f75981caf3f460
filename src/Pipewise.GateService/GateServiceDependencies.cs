using Microsoft.Extensions.Logging;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService;

/// <summary>The parts the service is wired from; tests pass fakes, the CLI passes the real factories' results.</summary>
public sealed record GateServiceDependencies
{
    public required IPipewiseStore Store { get; init; }
    public IForecaster? Forecaster { get; init; }
    public IPredictionTracker? Predictions { get; init; }
    public ITuningAgent? Agent { get; init; }

    /// <summary>Defaults to <see cref="StoreVerdictLog"/> over <see cref="Store"/>.</summary>
    public IVerdictLog? Verdicts { get; init; }

    public TimeProvider? Time { get; init; }

    /// <summary>The agent's read model for the dashboard; null shows no agent section.</summary>
    public IAgentPolicyReader? AgentPolicies { get; init; }

    /// <summary>What the agent's detectors read from a history (suggestions, regressions) for the dashboard; null shows none.</summary>
    public IPipelineInsights? Insights { get; init; }

    /// <summary>Where runs collected by webhook are exported as OpenTelemetry traces and metrics; null exports nothing.</summary>
    public Pipewise.Telemetry.Otlp.OtlpSettings? Otlp { get; init; }

    /// <summary>The HTTP handler for calls to GitHub (tests may pass one); default a pooled SocketsHttpHandler.</summary>
    public HttpMessageHandler? GitHubHandler { get; init; }

    /// <summary>Configures logging (the CLI adds a console logger); default no logging.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}
