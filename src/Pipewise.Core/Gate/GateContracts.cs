using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;

namespace Pipewise.Core.Gate;

/// <summary>advise: report only; enforce: a fail verdict fails the job/gate; dry-run: report what enforce would do.</summary>
public enum GateMode
{
    Advise,
    Enforce,
    DryRun,
}

public enum Verdict
{
    Pass,
    Warn,
    Fail,
}

/// <summary>One reason for a verdict: a measured value against its threshold.</summary>
public sealed record GateReason(string Code, Verdict Severity, double Measured, double Threshold, string Message);

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

/// <summary>A verdict with every reason, the model version and the features that moved the score most.</summary>
public sealed record GateVerdict
{
    public required Verdict Verdict { get; init; }
    public required GateMode Mode { get; init; }
    public required IReadOnlyList<GateReason> Reasons { get; init; }
    public string? ModelVersion { get; init; }
    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];
    public DeploymentStrategy? Strategy { get; init; }

    /// <summary>True when this verdict should fail the job or gate (enforce mode and verdict fail).</summary>
    public bool Blocks => Mode == GateMode.Enforce && Verdict == Verdict.Fail;

    /// <summary>True when enforce mode would block on this verdict (what dry-run reports).</summary>
    public bool WouldBlockInEnforce => Verdict == Verdict.Fail;

    /// <summary>One line for people: the verdict, the mode and what it means for the deployment.</summary>
    public string Outcome => Mode switch
    {
        GateMode.Enforce => Verdict == Verdict.Fail ? "fail (enforce): the deployment is blocked" : $"{Lower(Verdict)} (enforce): the deployment may proceed",
        GateMode.DryRun => Verdict == Verdict.Fail
            ? "fail (dry-run): enforce mode would have blocked this deployment; nothing was blocked"
            : $"{Lower(Verdict)} (dry-run): enforce mode would have let this deployment proceed",
        _ => $"{Lower(Verdict)} (advise): reported only, nothing is blocked",
    };

    private static string Lower(Verdict v) => v.ToString().ToLowerInvariant();
}
