namespace Pipewise.Forecasting.Serving;

/// <summary>
/// The duration forecast Pipewise serves for one run: which predictor, its p50 and calibrated p90, and why it was
/// chosen (from the pipeline's own earlier runs only).
/// </summary>
public sealed record ServedChoice
{
    /// <summary>The predictor served: <c>bilstm</c>, <c>median5</c>, <c>ewma</c> or <c>last</c>.</summary>
    public required string Predictor { get; init; }

    public required double P50Seconds { get; init; }

    public required double P90Seconds { get; init; }

    /// <summary>How many earlier runs the choice was judged on.</summary>
    public int EvaluatedRuns { get; init; }

    /// <summary>
    /// The model's absolute error over those runs relative to the served predictor's (0.12 = the model was 12 % worse);
    /// null when the model served or was not judged.
    /// </summary>
    public double? ModelExcessError { get; init; }

    /// <summary>A sentence for a person: which predictor served and why.</summary>
    public required string Reason { get; init; }
}
