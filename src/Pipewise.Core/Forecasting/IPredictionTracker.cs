using Pipewise.Core.Runs;

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

/// <summary>Records forecasts against outcomes per pipeline and tells when the model in use has drifted.</summary>
public interface IPredictionTracker
{
    /// <summary>Records the forecast made for <paramref name="run"/> with its outcome. Returns a drift note when the live error degraded past the threshold, else null.</summary>
    Task<string?> RecordAsync(RunRecord run, Forecast forecast, CancellationToken cancellationToken = default);

    /// <summary>The most recent predictions of a pipeline, oldest first.</summary>
    Task<IReadOnlyList<PredictionRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default);
}
