namespace Pipewise.Forecasting.Model;

/// <summary>Turns raw head outputs into forecasts and computes the training loss and its gradient.</summary>
public static class Heads
{
    public const float Tau50 = 0.5f;
    public const float Tau90 = 0.9f;

    /// <summary>(p50, p90) in log seconds and the failure probability, as corrections to the window's anchors.</summary>
    public static (float P50, float P90, float Failure) Decode(ReadOnlySpan<float> output, Features.WindowAnchors anchors)
    {
        var p50 = output[0] + anchors.Center;
        var p90 = p50 + VectorMath.Softplus(output[1]);
        return (p50, p90, VectorMath.Sigmoid(output[2] + anchors.FailureLogit));
    }

    /// <summary>Pinball loss of p50 and p90 plus weighted binary cross-entropy; writes d(loss)/d(output).</summary>
    public static float Loss(ReadOnlySpan<float> output, Features.WindowAnchors anchors, float logDuration, bool failed, float failureWeight, Span<float> dOutput, float durationWeight = 1f)
    {
        var (p50, p90, prob) = Decode(output, anchors);
        var u50 = logDuration - p50;
        var u90 = logDuration - p90;
        var loss = durationWeight * (Math.Max(Tau50 * u50, (Tau50 - 1) * u50) + Math.Max(Tau90 * u90, (Tau90 - 1) * u90));
        var d50 = u50 > 0 ? -Tau50 : 1 - Tau50;
        var d90 = u90 > 0 ? -Tau90 : 1 - Tau90;
        var target = failed ? 1f : 0f;
        var pc = Math.Clamp(prob, 1e-7f, 1 - 1e-7f);
        loss += failureWeight * -((target * MathF.Log(pc)) + ((1 - target) * MathF.Log(1 - pc)));
        dOutput[0] = durationWeight * (d50 + d90);
        dOutput[1] = durationWeight * d90 * VectorMath.Sigmoid(output[1]);
        dOutput[2] = failureWeight * (prob - target);
        return loss;
    }
}
