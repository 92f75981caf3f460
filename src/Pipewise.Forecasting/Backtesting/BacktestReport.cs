using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>The JSON contract of EVALUATION.md §1.</summary>
public sealed record BacktestReport
{
    public int Pipelines { get; init; }

    /// <summary>The held-out share of pipelines (EVALUATION.md §1.7), when one was asked for.</summary>
    public double? UnseenFraction { get; init; }

    /// <summary>How many pipelines were held out; every test run is theirs.</summary>
    public int? UnseenPipelines { get; init; }
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
        if (UnseenPipelines is { } unseen)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Scored on {unseen} held-out pipeline(s) the model never trained on (--unseen-fraction {UnseenFraction}).");
        }

        sb.AppendLine("Duration             WAPE      MAE (s)  p90 coverage");
        foreach (var (k, v) in Duration)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-17} {v.Wape,7:0.0000}  {v.MaeS,10:0.0}  {(v.P90Coverage is { } c ? c.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "–"),12}");
        }

        sb.AppendLine("Failure              AUC       F1      ECE");
        foreach (var (k, v) in Failure)
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {k,-17} {v.Auc,7:0.0000}  {v.F1,7:0.0000}  {(v.Ece is { } e ? e.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "–"),7}");
        }

        return sb.ToString();
    }
}
