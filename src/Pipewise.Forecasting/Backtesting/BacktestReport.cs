using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>The JSON contract of EVALUATION.md §1.</summary>
public sealed record BacktestReport
{
    public int Pipelines { get; init; }
    public long TrainRuns { get; init; }
    public long TestRuns { get; init; }
    public required string Model { get; init; }
    public Dictionary<string, DurationScore> Duration { get; init; } = [];
    public Dictionary<string, FailureScore> Failure { get; init; } = [];

    public byte[] ToJson() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, ForecastingJsonContext.Default.BacktestReport);

    /// <summary>A readable table.</summary>
    public string ToTable()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Backtest: {Pipelines} pipelines, {TrainRuns} training runs, {TestRuns} test runs, model {Model}");
        sb.AppendLine("Duration        WAPE      MAE (s)");
        foreach (var (k, v) in Duration)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-12} {v.Wape,7:0.0000}  {v.MaeS,10:0.0}");
        }

        sb.AppendLine("Failure         AUC       F1");
        foreach (var (k, v) in Failure)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-12} {v.Auc,7:0.0000}  {v.F1,7:0.0000}");
        }

        return sb.ToString();
    }
}
