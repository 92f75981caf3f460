using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Agent;

/// <summary>The inputs of one agent step: the finished run, its history and the forecast made for it.</summary>
public sealed record AgentContext
{
    public required RunRecord Run { get; init; }
    public required IReadOnlyList<RunRecord> History { get; init; }
    public Forecast? Forecast { get; init; }

    /// <summary>In enforce mode exploration must never loosen the gate.</summary>
    public bool Enforcing { get; init; }
}
