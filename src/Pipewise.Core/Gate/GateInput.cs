using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;

namespace Pipewise.Core.Gate;

/// <summary>The inputs of the gate policy.</summary>
public sealed record GateInput
{
    public Forecast? Forecast { get; init; }

    /// <summary>Anomaly z of the run's duration against its forecast (null when unknown).</summary>
    public double? DurationAnomalyZ { get; init; }

    public int? FailedTests { get; init; }
    public int? FlakyTests { get; init; }
    public DeploymentStrategy? Strategy { get; init; }

    /// <summary>Set when Pipewise itself could not produce a forecast or decision (store down, model broken).</summary>
    public string? InternalError { get; init; }

    /// <summary>
    /// Set when no forecasting model is available at all (none trained or shipped): the verdict then rests on tests
    /// and anomaly only, and a reason says so. Not an error: it never fails the gate by itself.
    /// </summary>
    public string? ModelUnavailable { get; init; }
}
