namespace Pipewise.Core.Forecasting;

/// <summary>
/// A feature and how much it moved the score (signed, in the units of the head it moved), with what it means in
/// words (e.g. "the previous run failed").
/// </summary>
public sealed record FeatureContribution(string Feature, double Value, double Effect)
{
    /// <summary>The feature at its value in words, for summaries; null for contributions recorded before it existed.</summary>
    public string? Description { get; init; }
}
