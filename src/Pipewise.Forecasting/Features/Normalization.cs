namespace Pipewise.Forecasting.Features;

/// <summary>Per-feature normalisation fitted on training windows and saved in the manifest.</summary>
public sealed record Normalization(float[] Mean, float[] Std)
{
    public static Normalization Identity(int count) => new(new float[count], Enumerable.Repeat(1f, count).ToArray());

    /// <summary>Fits mean and standard deviation per feature over the real (non-padding) steps of windows.</summary>
    public static Normalization Fit(IEnumerable<float[]> rawWindows)
    {
        const int F = FeatureSchema.Count;
        var sum = new double[F];
        var sumSq = new double[F];
        long n = 0;
        foreach (var window in rawWindows)
        {
            for (var s = 0; s + F <= window.Length; s += F)
            {
                if (window[s + FeatureSchema.Present] == 0)
                {
                    continue;
                }

                for (var f = 0; f < F; f++)
                {
                    sum[f] += window[s + f];
                    sumSq[f] += window[s + f] * (double)window[s + f];
                }

                n++;
            }
        }

        var mean = new float[F];
        var std = new float[F];
        for (var f = 0; f < F; f++)
        {
            var m = n > 0 ? sum[f] / n : 0;
            var v = n > 0 ? (sumSq[f] / n) - (m * m) : 1;
            mean[f] = (float)m;
            std[f] = v > 1e-8 ? (float)Math.Sqrt(v) : 1f;
        }

        // Indicators stay interpretable: "present" keeps its raw scale so padding (0) and real steps (1) differ clearly.
        mean[FeatureSchema.Present] = 0;
        std[FeatureSchema.Present] = 1;
        return new Normalization(mean, std);
    }
}
