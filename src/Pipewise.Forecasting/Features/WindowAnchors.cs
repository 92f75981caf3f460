namespace Pipewise.Forecasting.Features;

/// <summary>
/// The per-window baselines the heads predict corrections to: <see cref="Center"/> is the log of the median of the
/// last 5 history durations (the p50 head adds its output to it), <see cref="FailureLogit"/> the logit of the
/// smoothed failure rate of the last 10 runs (the failure head adds its output to it). With zero outputs the model
/// forecasts exactly those baselines.
/// </summary>
public readonly record struct WindowAnchors(float Center, float FailureLogit)
{
    /// <summary>The logit of (failures + 0.5) / (runs + 1) over the last 10 runs: 0 runs give 0.5, never 0 or 1.</summary>
    public static float FailureLogitOf(ReadOnlySpan<RunFacts> history)
    {
        var runs = Math.Min(10, history.Length);
        var failed = Baselines.SimpleBaselines.Rate10(history) * runs;
        var rate = (failed + 0.5) / (runs + 1.0);
        return (float)Math.Log(rate / (1 - rate));
    }
}
