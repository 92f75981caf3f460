using Pipewise.Core.Runs;

namespace Pipewise.Core.Forecasting;

/// <summary>Forecasts the next run of a pipeline from its history. Implemented by the Bi-LSTM (ONNX) and the baselines.</summary>
public interface IForecaster
{
    /// <summary>
    /// Forecasts the run described by <paramref name="next"/> from <paramref name="history"/> (oldest first, runs
    /// before it only). Returns null when there is not enough history or no model is available.
    /// </summary>
    Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default);
}
