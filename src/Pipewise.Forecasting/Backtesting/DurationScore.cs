using System.Text.Json.Serialization;

namespace Pipewise.Forecasting.Backtesting;

public sealed record DurationScore(double Wape, [property: JsonPropertyName("mae_s")] double MaeS);
