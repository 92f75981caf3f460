using Pipewise.Core.Forecasting;

namespace Pipewise.Forecasting.Drift;

/// <summary>The stored predictions of one pipeline (bounded, oldest first).</summary>
public sealed record PredictionLog
{
    public required string Pipeline { get; init; }
    public List<PredictionRecord> Items { get; init; } = [];
}
