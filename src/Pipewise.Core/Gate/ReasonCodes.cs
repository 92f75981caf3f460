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

    /// <summary>
    /// Whether a reason is shown as an annotation (warning or error) on the runner: every reason that is not a pass,
    /// and a <see cref="PipewiseError"/> always, though failing open makes it a pass (ADR 0007).
    /// </summary>
    public static bool IsAnnotated(GateReason reason) =>
        reason is not null && (reason.Severity != Verdict.Pass || reason.Code == PipewiseError);
}
