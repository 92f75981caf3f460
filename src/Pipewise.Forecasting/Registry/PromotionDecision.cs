namespace Pipewise.Forecasting.Registry;

/// <summary>The decision taken for a challenger.</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
