using System.Text.Json.Serialization;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>A duration predictor's scores; <see cref="P90Coverage"/> only for predictors that give a p90.</summary>
public sealed record DurationScore(double Wape, [property: JsonPropertyName("mae_s")] double MaeS)
{
    /// <summary>Share of test runs whose duration is at most the forecast p90 (0.90 when calibrated).</summary>
    [JsonPropertyName("p90_coverage")]
    public double? P90Coverage { get; init; }
}
