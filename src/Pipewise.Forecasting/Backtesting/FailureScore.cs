namespace Pipewise.Forecasting.Backtesting;

public sealed record FailureScore(double Auc, double F1);
