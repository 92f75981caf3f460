namespace Pipewise.Dashboard.Charts;

/// <summary>"Nice" value ticks (1, 2 or 5 × 10ⁿ) from 0 to at least the largest value.</summary>
public static class ValueAxis
{
    public static IReadOnlyList<double> Ticks(double max, int maxTicks = 5)
    {
        if (!double.IsFinite(max) || max <= 0)
        {
            return [0, 1];
        }

        var raw = max / maxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var v = 0.0; v < max + step; v += step)
        {
            ticks.Add(v);
            if (v >= max)
            {
                break;
            }
        }

        return ticks;
    }
}
