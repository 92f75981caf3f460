using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;

namespace Pipewise.Core.Gate;

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
