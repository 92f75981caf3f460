namespace Pipewise.Forecasting.Scoring;

/// <summary>One scored window: log-second quantiles and failure probability.</summary>
public readonly record struct WindowScore(float P50Log, float P90Log, float Failure);
