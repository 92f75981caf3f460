namespace Pipewise.Core.Forecasting;

/// <summary>What the model expects of the next run of a pipeline, and which model said so.</summary>
public sealed record Forecast
{
    /// <summary>Median expected duration in seconds.</summary>
    public required double DurationP50Seconds { get; init; }

    /// <summary>90th-percentile expected duration in seconds.</summary>
    public required double DurationP90Seconds { get; init; }

    /// <summary>Probability that the run fails (0..1).</summary>
    public required double FailureProbability { get; init; }

    /// <summary>The model that produced this forecast, e.g. <c>bilstm@2026-11-25.1</c> or <c>baseline:ewma</c>.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>
    /// The predictor whose duration forecast is served: <c>bilstm</c> (the model) or a baseline (<c>median5</c>,
    /// <c>ewma</c>, <c>last</c>) where the model has been worse on this pipeline's recent runs. Null for older records.
    /// </summary>
    public string? Predictor { get; init; }

    /// <summary>Why that predictor served, in a sentence (e.g. "the model has been 12 % worse on this pipeline's last 30 runs").</summary>
    public string? PredictorReason { get; init; }

    /// <summary>The input features that moved the score most (largest first).</summary>
    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];

    /// <summary>
    /// How unusual an actual duration is against this forecast, in standard deviations of log duration.
    /// The spread comes from the p50–p90 gap (p90 = p50 · e^(1.2816 σ)).
    /// </summary>
    public double AnomalyZ(double actualSeconds)
    {
        if (actualSeconds <= 0 || DurationP50Seconds <= 0)
        {
            return 0;
        }

        var sigma = Math.Max(Math.Log(Math.Max(DurationP90Seconds, DurationP50Seconds * 1.01) / DurationP50Seconds) / 1.2816, 0.05);
        return (Math.Log(actualSeconds) - Math.Log(DurationP50Seconds)) / sigma;
    }
}
