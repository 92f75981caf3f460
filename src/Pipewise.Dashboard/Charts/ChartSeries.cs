namespace Pipewise.Dashboard.Charts;

/// <summary>One point of a time chart; <see cref="Tooltip"/> is plain text (escaped when rendered).</summary>
public sealed record ChartPoint(DateTimeOffset At, double Value, string Tooltip, bool Marked = false);

/// <summary>A lower/upper pair at a time (a forecast band).</summary>
public sealed record ChartBand(DateTimeOffset At, double Low, double High);

/// <summary>A named series: points joined by a line (or dots only), in a colour.</summary>
public sealed record ChartSeries(string Name, string Label, string Color, IReadOnlyList<ChartPoint> Points, bool Line = true, bool Dashed = false);
