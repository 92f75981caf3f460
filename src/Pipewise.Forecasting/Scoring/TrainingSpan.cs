namespace Pipewise.Forecasting.Scoring;

/// <summary>The training data a model saw.</summary>
public sealed record TrainingSpan
{
    public string? Data { get; init; }
    public int Pipelines { get; init; }
    public long Windows { get; init; }
    public DateTimeOffset? FirstRun { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public int Seed { get; init; }
    public int Epochs { get; init; }
    public string? Command { get; init; }
}
