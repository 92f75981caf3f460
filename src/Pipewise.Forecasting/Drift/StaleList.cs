namespace Pipewise.Forecasting.Drift;

/// <summary>Pipelines flagged for retraining.</summary>
public sealed record StaleList
{
    public List<string> Pipelines { get; init; } = [];
    public Dictionary<string, string> Reasons { get; init; } = [];
}
