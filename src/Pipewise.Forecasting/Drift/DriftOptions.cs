namespace Pipewise.Forecasting.Drift;

/// <summary>Drift thresholds.</summary>
public sealed record DriftOptions
{
    public int MaxRecords { get; init; } = 200;
    public int Window { get; init; } = 50;
    public int MinRecords { get; init; } = 20;
    public double MaxWape { get; init; } = 0.35;
    public double MinAuc { get; init; } = 0.6;
}
