namespace Pipewise.Forecasting.Scoring;

/// <summary>A model version that cannot be used (wrong feature schema, checksum mismatch, unreadable files).</summary>
public sealed class ModelRejectedException(string message, Exception? inner = null) : Exception(message, inner);
