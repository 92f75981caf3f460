namespace Pipewise.Core.Gate;

/// <summary>advise: report only; enforce: a fail verdict fails the job/gate; dry-run: report what enforce would do.</summary>
public enum GateMode
{
    Advise,
    Enforce,
    DryRun,
}
