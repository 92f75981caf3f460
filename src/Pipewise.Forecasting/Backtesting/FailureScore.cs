namespace Pipewise.Forecasting.Backtesting;

/// <summary>A failure predictor's scores; <see cref="Ece"/> is the expected calibration error (10 equal-width bins).</summary>
public sealed record FailureScore(double Auc, double F1)
{
    public double? Ece { get; init; }
}
