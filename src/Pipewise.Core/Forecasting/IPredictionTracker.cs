using Pipewise.Core.Runs;

namespace Pipewise.Core.Forecasting;

/// <summary>Records forecasts against outcomes per pipeline and tells when the model in use has drifted.</summary>
public interface IPredictionTracker
{
    /// <summary>Records the forecast made for <paramref name="run"/> with its outcome. Returns a drift note when the live error degraded past the threshold, else null.</summary>
    Task<string?> RecordAsync(RunRecord run, Forecast forecast, CancellationToken cancellationToken = default);

    /// <summary>The most recent predictions of a pipeline, oldest first.</summary>
    Task<IReadOnlyList<PredictionRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default);
}
