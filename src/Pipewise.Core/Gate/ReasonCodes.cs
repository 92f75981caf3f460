namespace Pipewise.Core.Gate;

/// <summary>The codes of <see cref="GateReason"/>: a contract of the gate JSON, the outputs and the summaries.</summary>
public static class ReasonCodes
{
    /// <summary>Pipewise itself could not score the run (store down, model broken); fail-open unless fail-closed.</summary>
    public const string PipewiseError = "pipewise-error";

    public const string FailureRisk = "failure-risk";
    public const string NoModel = "no-model";
    public const string DurationAnomaly = "duration-anomaly";
    public const string FailedTests = "failed-tests";
    public const string FlakyTests = "flaky-tests";
    public const string AgentHold = "agent-hold";
    public const string AgentStrategy = "agent-strategy";
    public const string AllClear = "all-clear";

    /// <summary>Whether a verdict carries a <see cref="PipewiseError"/> reason.</summary>
    public static bool HasPipewiseError(GateVerdict verdict) =>
        verdict?.Reasons.Any(r => r.Code == PipewiseError) == true;
}
