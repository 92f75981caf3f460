using System.Globalization;
using System.Text;
using Pipewise.Dashboard.Pages;

namespace Pipewise.Dashboard.Charts;

/// <summary>
/// A time-series chart as inline SVG, rendered on the server: a real time axis (calendar ticks), value ticks with
/// grid lines, an optional band, lines and dots with native tooltips (an SVG <c>title</c> per dot: run, commit,
/// branch, result). No script; every text is escaped.
/// </summary>
public static class TimeChart
{
    public const int Width = 960;
    public const int Height = 260;
    private const int Left = 64, Right = 16, Top = 28, Bottom = 44;

    public static void Render(StringBuilder sb, string name, string title, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartBand> band, Func<double, string> format, double? fixedMax = null, string bandLabel = "")
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(band);
        ArgumentNullException.ThrowIfNull(format);
        var times = series.SelectMany(s => s.Points.Select(p => p.At)).Concat(band.Select(b => b.At)).ToList();
        sb.Append("<figure class=\"chart\" data-chart=\"").Append(Html.E(name)).Append("\"><figcaption>").Append(Html.E(title)).Append("</figcaption>");
        if (times.Count == 0)
        {
            sb.Append("<p class=\"muted\">Nothing to draw yet.</p></figure>");
            return;
        }

        var from = times.Min();
        var to = times.Max();
        if (to <= from)
        {
            from -= TimeSpan.FromHours(1);
            to += TimeSpan.FromHours(1);
        }

        var values = series.SelectMany(s => s.Points.Select(p => p.Value)).Concat(band.Select(b => b.High)).Where(double.IsFinite).ToList();
        var yTicks = ValueAxis.Ticks(fixedMax ?? (values.Count == 0 ? 1 : values.Max()));
        var max = fixedMax ?? yTicks[^1];
        double X(DateTimeOffset t) => Left + ((Width - Left - Right) * (t - from).TotalSeconds / (to - from).TotalSeconds);
        double Y(double v) => Top + ((Height - Top - Bottom) * (1 - Math.Clamp(v / max, 0, 1)));

        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height)
          .Append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"").Append(Html.E(title)).Append("\">");
        foreach (var v in yTicks.Where(v => v <= max))
        {
            var y = F(Y(v));
            sb.Append("<line class=\"grid\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>");
            sb.Append("<text class=\"ytick\" x=\"").Append(Left - 6).Append("\" y=\"").Append(F(Y(v) + 4)).Append("\" text-anchor=\"end\">").Append(Html.E(format(v))).Append("</text>");
        }

        var axisY = Height - Bottom;
        sb.Append("<line class=\"axis\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(axisY).Append("\" y2=\"").Append(axisY).Append("\"/>");
        sb.Append("<g class=\"time-axis\">");
        foreach (var (at, label) in TimeAxis.Ticks(from, to))
        {
            var x = F(X(at));
            sb.Append("<line class=\"tick\" x1=\"").Append(x).Append("\" x2=\"").Append(x).Append("\" y1=\"").Append(axisY).Append("\" y2=\"").Append(axisY + 5).Append("\"/>");
            sb.Append("<text class=\"xtick\" x=\"").Append(x).Append("\" y=\"").Append(axisY + 18).Append("\" text-anchor=\"middle\" data-at=\"")
              .Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\">").Append(Html.E(label)).Append("</text>");
        }

        sb.Append("</g>");
        if (band.Count > 1)
        {
            var ordered = band.OrderBy(b => b.At).ToList();
            var upper = ordered.Select(b => F(X(b.At)) + "," + F(Y(b.High)));
            var lower = Enumerable.Reverse(ordered).Select(b => F(X(b.At)) + "," + F(Y(b.Low)));
            sb.Append("<polygon class=\"band\" data-series=\"band\" points=\"").Append(string.Join(' ', upper.Concat(lower))).Append("\"><title>")
              .Append(Html.E(bandLabel)).Append("</title></polygon>");
        }

        foreach (var s in series)
        {
            var pts = s.Points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.At).ToList();
            if (s.Line && pts.Count > 1)
            {
                sb.Append("<polyline data-series=\"").Append(Html.E(s.Name)).Append("\" fill=\"none\" stroke=\"").Append(s.Color).Append("\" stroke-width=\"1.5\"")
                  .Append(s.Dashed ? " stroke-dasharray=\"5 3\"" : string.Empty).Append(" points=\"")
                  .Append(string.Join(' ', pts.Select(p => F(X(p.At)) + "," + F(Y(p.Value))))).Append("\"/>");
            }

            foreach (var p in pts)
            {
                sb.Append("<circle class=\"dot").Append(p.Marked ? " marked" : string.Empty).Append("\" data-series=\"").Append(Html.E(s.Name)).Append("\" cx=\"").Append(F(X(p.At))).Append("\" cy=\"").Append(F(Y(p.Value)))
                  .Append("\" r=\"").Append(p.Marked ? "4" : "3").Append("\" fill=\"").Append(p.Marked ? "#cf222e" : s.Color).Append("\"><title>").Append(Html.E(p.Tooltip)).Append("</title></circle>");
            }
        }

        var legendX = Left;
        foreach (var (label, color) in series.Select(s => (s.Label, s.Color)).Concat(band.Count > 1 ? [(bandLabel, "#d8b9ff")] : []))
        {
            sb.Append("<rect x=\"").Append(legendX).Append("\" y=\"8\" width=\"10\" height=\"10\" fill=\"").Append(color).Append("\"/>")
              .Append("<text class=\"legend\" x=\"").Append(legendX + 14).Append("\" y=\"17\">").Append(Html.E(label)).Append("</text>");
            legendX += 24 + (7 * label.Length);
        }

        sb.Append("</svg></figure>");
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
