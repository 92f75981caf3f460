using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>The result of a backtest: the report and, when it trained one, the model.</summary>
public sealed record BacktestResult(BacktestReport Report, BuiltModel? Built, OnnxScorer Scorer);
