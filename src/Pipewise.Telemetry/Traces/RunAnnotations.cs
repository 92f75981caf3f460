using Pipewise.Core.Agent;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;

namespace Pipewise.Telemetry.Traces;

/// <summary>Pipewise's own assessment of a run, added to its root span. Every part is optional.</summary>
public sealed record RunAnnotations
{
    public static RunAnnotations None { get; } = new();

    public double? ForecastP50Seconds { get; init; }
    public double? ForecastP90Seconds { get; init; }
    public double? FailureRisk { get; init; }
    public double? AnomalyZ { get; init; }
    public string? ModelVersion { get; init; }
    public string? Predictor { get; init; }
    public Verdict? Verdict { get; init; }
    public DateTimeOffset? VerdictAt { get; init; }
    public IReadOnlyList<GateReason> Reasons { get; init; } = [];
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    /// <summary>What <c>pipewise run</c> just assessed.</summary>
    public static RunAnnotations From(RunOutcome outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new RunAnnotations
        {
            ForecastP50Seconds = outcome.Forecast?.DurationP50Seconds,
            ForecastP90Seconds = outcome.Forecast?.DurationP90Seconds,
            FailureRisk = outcome.Forecast?.FailureProbability,
            AnomalyZ = outcome.AnomalyZ,
            ModelVersion = outcome.Verdict.ModelVersion ?? outcome.Forecast?.ModelVersion,
            Predictor = outcome.Forecast?.Predictor,
            Verdict = outcome.Verdict.Verdict,
            VerdictAt = at,
            Reasons = outcome.Verdict.Reasons,
            Suggestions = outcome.Decision?.Suggestions ?? [],
        };
    }
}
