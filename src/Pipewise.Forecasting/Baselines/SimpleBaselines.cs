using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Baselines;

/// <summary>The simple baselines of EVALUATION.md, over run facts (history oldest first).</summary>
public static class SimpleBaselines
{
    public static double LastDuration(ReadOnlySpan<RunFacts> h) => h.Length == 0 ? double.NaN : Math.Exp(h[^1].LogDuration);

    public static double Median5(ReadOnlySpan<RunFacts> h)
    {
        if (h.Length == 0)
        {
            return double.NaN;
        }

        var last = h[^Math.Min(5, h.Length)..];
        Span<double> v = stackalloc double[last.Length];
        for (var i = 0; i < last.Length; i++)
        {
            v[i] = Math.Exp(last[i].LogDuration);
        }

        v.Sort();
        var mid = v.Length / 2;
        return v.Length % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
    }

    /// <summary>EWMA of durations with α = 0.3, seeded by the first run.</summary>
    public static double Ewma(ReadOnlySpan<RunFacts> h, double alpha = 0.3)
    {
        if (h.Length == 0)
        {
            return double.NaN;
        }

        var e = Math.Exp(h[0].LogDuration);
        for (var i = 1; i < h.Length; i++)
        {
            e = (alpha * Math.Exp(h[i].LogDuration)) + ((1 - alpha) * e);
        }

        return e;
    }

    public static double LastOutcome(ReadOnlySpan<RunFacts> h) => h.Length == 0 ? 0 : (h[^1].Failed ? 1 : 0);

    public static double Rate10(ReadOnlySpan<RunFacts> h)
    {
        if (h.Length == 0)
        {
            return 0;
        }

        var last = h[^Math.Min(10, h.Length)..];
        var f = 0;
        foreach (var r in last)
        {
            f += r.Failed ? 1 : 0;
        }

        return f / (double)last.Length;
    }
}
