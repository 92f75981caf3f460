namespace Pipewise.Core.Forecasting;

/// <summary>A feature and how much it moved the score (signed, in the units of the head it moved).</summary>
public sealed record FeatureContribution(string Feature, double Value, double Effect);
