namespace Pipewise.Forecasting.Model;

/// <summary>Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) over one flat parameter vector, with gradient clipping by global norm.</summary>
internal sealed class AdamOptimizer(int parameterCount)
{
    private const float B1 = 0.9f, B2 = 0.999f, Eps = 1e-8f;
    private readonly float[] m = new float[parameterCount];
    private readonly float[] v = new float[parameterCount];
    private int t;

    /// <summary>Scales <paramref name="g"/> down so that its L2 norm is at most <paramref name="maxNorm"/>.</summary>
    public static void ClipByNorm(float[] g, double maxNorm)
    {
        double sq = 0;
        foreach (var x in g)
        {
            sq += x * (double)x;
        }

        var norm = Math.Sqrt(sq);
        if (norm > maxNorm)
        {
            var s = (float)(maxNorm / norm);
            for (var i = 0; i < g.Length; i++)
            {
                g[i] *= s;
            }
        }
    }

    /// <summary>One update of <paramref name="p"/> along the gradient <paramref name="g"/>.</summary>
    public void Step(float[] p, float[] g, float lr)
    {
        t++;
        var c1 = 1 - MathF.Pow(B1, t);
        var c2 = 1 - MathF.Pow(B2, t);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = (B1 * m[i]) + ((1 - B1) * g[i]);
            v[i] = (B2 * v[i]) + ((1 - B2) * g[i] * g[i]);
            p[i] -= lr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + Eps);
        }
    }
}
