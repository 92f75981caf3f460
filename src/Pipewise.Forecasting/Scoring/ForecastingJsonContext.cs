using System.Text.Json.Serialization;

namespace Pipewise.Forecasting.Scoring;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(Drift.PredictionLog))]
[JsonSerializable(typeof(Drift.StaleList))]
[JsonSerializable(typeof(Backtesting.BacktestReport))]
internal sealed partial class ForecastingJsonContext : JsonSerializerContext;
