namespace Pipewise.Forecasting.Features;

/// <summary>One pipeline's usable runs in creation order.</summary>
public sealed record PipelineHistory(string Key, RunFacts[] Runs);
