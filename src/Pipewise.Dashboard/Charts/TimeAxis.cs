using System.Globalization;

namespace Pipewise.Dashboard.Charts;

/// <summary>Tick positions and labels for a time axis: the coarsest calendar step that still gives a handful of ticks.</summary>
public static class TimeAxis
{
    private static readonly (TimeSpan Step, string Format)[] Steps =
    [
        (TimeSpan.FromMinutes(10), "HH:mm"),
        (TimeSpan.FromHours(1), "HH:mm"),
        (TimeSpan.FromHours(6), "MMM d HH:mm"),
        (TimeSpan.FromDays(1), "MMM d"),
        (TimeSpan.FromDays(7), "MMM d"),
        (TimeSpan.FromDays(14), "MMM d"),
        (TimeSpan.FromDays(30), "MMM yyyy"),
        (TimeSpan.FromDays(91), "MMM yyyy"),
        (TimeSpan.FromDays(182), "MMM yyyy"),
        (TimeSpan.FromDays(365), "yyyy"),
    ];

    /// <summary>At most <paramref name="maxTicks"/> ticks within [from, to], aligned to the step (UTC).</summary>
    public static IReadOnlyList<(DateTimeOffset At, string Label)> Ticks(DateTimeOffset from, DateTimeOffset to, int maxTicks = 12)
    {
        if (to <= from)
        {
            return [(from, from.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))];
        }

        var span = to - from;
        var (step, format) = Steps.FirstOrDefault(s => span / s.Step <= maxTicks, Steps[^1]);
        var ticks = new List<(DateTimeOffset, string)>();
        var first = Align(from.UtcDateTime, step);
        for (var t = first; t <= to.UtcDateTime && ticks.Count < 4 * maxTicks; t = Next(t, step))
        {
            if (t >= from.UtcDateTime)
            {
                ticks.Add((new DateTimeOffset(t, TimeSpan.Zero), t.ToString(format, CultureInfo.InvariantCulture)));
            }
        }

        return ticks;
    }

    private static DateTime Align(DateTime t, TimeSpan step)
    {
        if (step >= TimeSpan.FromDays(365))
        {
            return new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        if (step >= TimeSpan.FromDays(30))
        {
            var months = (int)Math.Round(step.TotalDays / 30.4);
            return new DateTime(t.Year, ((t.Month - 1) / months * months) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        if (step >= TimeSpan.FromDays(7))
        {
            var day = t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7));
            return DateTime.SpecifyKind(day, DateTimeKind.Utc);
        }

        return new DateTime(t.Ticks - (t.Ticks % step.Ticks), DateTimeKind.Utc);
    }

    private static DateTime Next(DateTime t, TimeSpan step) =>
        step >= TimeSpan.FromDays(365) ? t.AddYears(1)
        : step >= TimeSpan.FromDays(30) ? t.AddMonths((int)Math.Round(step.TotalDays / 30.4))
        : t + step;
}
