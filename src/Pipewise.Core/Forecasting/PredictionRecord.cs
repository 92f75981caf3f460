namespace Pipewise.Core.Forecasting;

/// <summary>A forecast made for a run, and (once known) what actually happened; the basis of drift monitoring.</summary>
public sealed record PredictionRecord
{
    public required string RunId { get; init; }
    public int Attempt { get; init; } = 1;
    public DateTimeOffset? StartedAt { get; init; }
    public required double PredictedP50Seconds { get; init; }
    public required double PredictedP90Seconds { get; init; }
    public required double FailureProbability { get; init; }
    public double? ActualSeconds { get; init; }
    public bool? Failed { get; init; }
    public required string ModelVersion { get; init; }
}
