namespace Pipewise.Core.Gate;

/// <summary>One verdict as it was given, for dashboards, metrics and audits.</summary>
public sealed record VerdictRecord
{
    public required string RunId { get; init; }
    public int Attempt { get; init; } = 1;
    public required DateTimeOffset At { get; init; }
    public required Verdict Verdict { get; init; }
    public required GateMode Mode { get; init; }
    public required IReadOnlyList<GateReason> Reasons { get; init; }
    public string? ModelVersion { get; init; }

    /// <summary>Who asked: <c>run</c> (pipeline step), <c>azure-devops-gate</c>, <c>github-protection-rule</c>, <c>gate</c>.</summary>
    public required string Source { get; init; }
}
