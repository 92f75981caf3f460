using System.Globalization;
using System.Net;
using System.Text;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Dashboard;

/// <summary>
/// Renders the dashboard as one self-contained HTML page: inline CSS, inline SVG charts, no script, no external
/// resource. Every stored string is HTML-escaped.
/// </summary>
public static class DashboardRenderer
{
    private const int ChartWidth = 560;
    private const int ChartHeight = 180;

    public static string Render(DashboardModel model, string title = "Pipewise dashboard")
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder(32 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(H(title)).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}")
          .Append("h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de}h3{font-size:15px}")
          .Append("table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}")
          .Append("th{background:#f6f8fa}.num{text-align:right;font-variant-numeric:tabular-nums}")
          .Append(".pass{color:#1a7f37;font-weight:600}.warn{color:#9a6700;font-weight:600}.fail{color:#cf222e;font-weight:600}")
          .Append(".charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #d0d7de;background:#fff}")
          .Append(".legend{font-size:12px}.problem{color:#9a6700}.muted{color:#656d76;font-size:12px}")
          .Append("</style></head><body>\n");
        sb.Append("<h1>").Append(H(title)).Append("</h1>");
        sb.Append("<p class=\"muted\">Generated ").Append(H(model.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
          .Append(" from store ").Append(H(model.Store)).Append(" · ").Append(model.Pipelines.Count.ToString(CultureInfo.InvariantCulture)).Append(" pipeline(s)</p>\n");
        foreach (var p in model.Problems)
        {
            sb.Append("<p class=\"problem\">").Append(H(p)).Append("</p>");
        }

        if (model.Pipelines.Count == 0)
        {
            sb.Append("<p>No pipelines stored yet. Run <code>pipewise run</code> or <code>pipewise import</code> first.</p>");
        }

        foreach (var p in model.Pipelines)
        {
            RenderPipeline(sb, p);
        }

        if (model.SharedAgent.Count > 0)
        {
            sb.Append("<h2>Agent: best action per state (shared Q-tables)</h2>");
            AgentTable(sb, model.SharedAgent);
        }

        sb.Append("\n</body></html>\n");
        return sb.ToString();
    }

    private static void RenderPipeline(StringBuilder sb, PipelineDashboard p)
    {
        var id = "p-" + KeyEscaping.Escape(p.Key.ToString()).Replace('%', '_');
        sb.Append("<section class=\"pipeline\" id=\"").Append(H(id)).Append("\" data-pipeline=\"").Append(H(p.Key.ToString())).Append("\">");
        sb.Append("<h2>").Append(H(p.Name)).Append(" <span class=\"muted\">").Append(H(p.Key.ToString())).Append("</span></h2>");
        foreach (var problem in p.Problems)
        {
            sb.Append("<p class=\"problem\">").Append(H(problem)).Append("</p>");
        }

        var predictions = new Dictionary<string, PredictionRecord>(StringComparer.Ordinal);
        foreach (var pr in p.Predictions)
        {
            predictions[pr.RunId + "." + pr.Attempt.ToString(CultureInfo.InvariantCulture)] = pr;
        }

        PredictionRecord? Pred(RunRecord r) => predictions.GetValueOrDefault(r.RunId + "." + r.Attempt.ToString(CultureInfo.InvariantCulture));

        var shown = p.Runs.TakeLast(30).ToList();
        var actual = shown.Select((r, i) => (i, r.EffectiveDurationSeconds)).ToList();
        var p50 = shown.Select((r, i) => (i, Pred(r)?.PredictedP50Seconds)).ToList();
        var p90 = shown.Select((r, i) => (i, Pred(r)?.PredictedP90Seconds)).ToList();
        var risk = shown.Select((r, i) => (i, Pred(r)?.FailureProbability)).ToList();
        var failed = shown.Select((r, i) => (i, r.Result is RunResult.Failed ? (double?)1 : null)).ToList();

        sb.Append("<div class=\"charts\">");
        Chart(sb, "duration", "Duration (s): forecast vs actual", shown.Count, null,
            [("actual", "#0969da", false, actual), ("forecast-p50", "#8250df", false, p50), ("forecast-p90", "#bf8700", true, p90)]);
        Chart(sb, "risk", "Failure risk over time (failed runs marked at 1)", shown.Count, 1.0,
            [("risk", "#cf222e", false, risk), ("failed", "#57606a", true, failed)]);
        sb.Append("</div>");
        if (p.Predictions.Count == 0)
        {
            sb.Append("<p class=\"muted\">No forecasts recorded for this pipeline yet: the charts show actual durations only.</p>");
        }

        sb.Append("<h3>Runs</h3><table class=\"runs\"><thead><tr><th>run</th><th>started</th><th>result</th><th>actual (s)</th><th>forecast p50 (s)</th><th>forecast p90 (s)</th><th>failure risk</th><th>model</th></tr></thead><tbody>");
        foreach (var r in Enumerable.Reverse(shown).Take(20))
        {
            var pr = Pred(r);
            sb.Append("<tr data-run=\"").Append(H(r.RunId)).Append("\"><td>").Append(H(r.Number is { } n ? $"#{n.ToString(CultureInfo.InvariantCulture)} ({r.RunId})" : r.RunId)).Append("</td>")
              .Append("<td>").Append(H((r.StartedAt ?? r.QueuedAt)?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "")).Append("</td>")
              .Append("<td>").Append(H(r.Result?.ToString().ToLowerInvariant() ?? "")).Append("</td>")
              .Append("<td class=\"num\">").Append(Num(r.EffectiveDurationSeconds, "0")).Append("</td>")
              .Append("<td class=\"num\">").Append(Num(pr?.PredictedP50Seconds, "0")).Append("</td>")
              .Append("<td class=\"num\">").Append(Num(pr?.PredictedP90Seconds, "0")).Append("</td>")
              .Append("<td class=\"num\">").Append(Num(pr?.FailureProbability, "0.00")).Append("</td>")
              .Append("<td>").Append(H(pr?.ModelVersion ?? "")).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");

        sb.Append("<h3>Recent verdicts</h3>");
        if (p.Verdicts.Count == 0)
        {
            sb.Append("<p class=\"muted\">No gate verdicts recorded yet.</p>");
        }
        else
        {
            sb.Append("<table class=\"verdicts\"><thead><tr><th>at</th><th>run</th><th>source</th><th>verdict</th><th>mode</th><th>model</th><th>reasons</th></tr></thead><tbody>");
            foreach (var v in p.Verdicts.Reverse())
            {
                var verdict = v.Verdict.ToString().ToLowerInvariant();
                sb.Append("<tr><td>").Append(H(v.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td>")
                  .Append("<td>").Append(H(v.RunId)).Append("</td><td>").Append(H(v.Source)).Append("</td>")
                  .Append("<td class=\"").Append(verdict).Append("\">").Append(verdict).Append("</td>")
                  .Append("<td>").Append(H(GatePolicyFile.ModeName(v.Mode))).Append("</td>")
                  .Append("<td>").Append(H(v.ModelVersion ?? "none")).Append("</td><td><ul>");
                foreach (var reason in v.Reasons)
                {
                    sb.Append("<li class=\"").Append(reason.Severity.ToString().ToLowerInvariant()).Append("\">").Append(H(reason.Message)).Append("</li>");
                }

                sb.Append("</ul></td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        sb.Append("<h3>Agent: best action per state</h3>");
        if (p.Agent.Count == 0)
        {
            sb.Append("<p class=\"muted\">No Q-table for this pipeline yet.</p>");
        }
        else
        {
            AgentTable(sb, p.Agent);
        }

        sb.Append("</section>\n");
    }

    private static void AgentTable(StringBuilder sb, IReadOnlyList<AgentPolicyRow> rows)
    {
        sb.Append("<table class=\"agent\"><thead><tr><th>scope</th><th>state</th><th>best action</th><th>Q</th><th>actions tried</th></tr></thead><tbody>");
        foreach (var r in rows.Take(200))
        {
            sb.Append("<tr><td>").Append(H(r.Scope)).Append("</td><td>").Append(H(r.State)).Append("</td><td>").Append(H(r.BestAction))
              .Append("</td><td class=\"num\">").Append(Num(r.Q, "0.000")).Append("</td><td class=\"num\">").Append(r.Actions.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
    }

    private static void Chart(StringBuilder sb, string name, string title, int count, double? fixedMax, IReadOnlyList<(string Name, string Color, bool Dashed, List<(int X, double? Y)> Points)> series)
    {
        const int left = 48, right = 12, top = 24, bottom = 24;
        var values = series.SelectMany(s => s.Points).Where(p => p.Y is not null).Select(p => p.Y!.Value).ToList();
        var max = fixedMax ?? (values.Count == 0 ? 1 : Math.Max(values.Max() * 1.1, 1e-9));
        double X(int i) => left + (count <= 1 ? 0 : (ChartWidth - left - right) * i / (double)(count - 1));
        double Y(double v) => top + (ChartHeight - top - bottom) * (1 - Math.Clamp(v / max, 0, 1));
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").Append(H(name)).Append("\" width=\"").Append(ChartWidth).Append("\" height=\"").Append(ChartHeight)
          .Append("\" viewBox=\"0 0 ").Append(ChartWidth).Append(' ').Append(ChartHeight).Append("\" role=\"img\" aria-label=\"").Append(H(title)).Append("\">");
        sb.Append("<title>").Append(H(title)).Append("</title>");
        sb.Append("<text x=\"").Append(left).Append("\" y=\"15\" font-size=\"12\">").Append(H(title)).Append("</text>");
        sb.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(ChartHeight - bottom).Append("\" x2=\"").Append(ChartWidth - right).Append("\" y2=\"").Append(ChartHeight - bottom).Append("\" stroke=\"#8c959f\"/>");
        sb.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(top).Append("\" x2=\"").Append(left).Append("\" y2=\"").Append(ChartHeight - bottom).Append("\" stroke=\"#8c959f\"/>");
        sb.Append("<text x=\"4\" y=\"").Append(top + 4).Append("\" font-size=\"10\">").Append(H(max.ToString(fixedMax is null ? "0" : "0.0#", CultureInfo.InvariantCulture))).Append("</text>");
        sb.Append("<text x=\"4\" y=\"").Append(ChartHeight - bottom).Append("\" font-size=\"10\">0</text>");
        var legendX = left + 4;
        foreach (var s in series)
        {
            var pts = s.Points.Where(p => p.Y is not null).Select(p => (X: X(p.X), Y: Y(p.Y!.Value))).ToList();
            if (pts.Count > 1 && s.Name != "failed")
            {
                sb.Append("<polyline class=\"series\" data-series=\"").Append(H(s.Name)).Append("\" fill=\"none\" stroke=\"").Append(s.Color).Append("\" stroke-width=\"2\"")
                  .Append(s.Dashed ? " stroke-dasharray=\"5 3\"" : string.Empty).Append(" points=\"")
                  .Append(string.Join(' ', pts.Select(p => F(p.X) + "," + F(p.Y)))).Append("\"/>");
            }

            foreach (var p in pts)
            {
                sb.Append("<circle data-series=\"").Append(H(s.Name)).Append("\" cx=\"").Append(F(p.X)).Append("\" cy=\"").Append(F(p.Y)).Append("\" r=\"").Append(s.Name == "failed" ? "4" : "2.5").Append("\" fill=\"").Append(s.Color).Append("\"/>");
            }

            sb.Append("<text class=\"legend\" x=\"").Append(legendX).Append("\" y=\"").Append(ChartHeight - 6).Append("\" font-size=\"10\" fill=\"").Append(s.Color).Append("\">■ ").Append(H(s.Name)).Append("</text>");
            legendX += 14 + (7 * s.Name.Length) + 12;
        }

        sb.Append("</svg>");
    }

    private static string Num(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>HTML-escapes text for element content and double-quoted attributes.</summary>
    internal static string H(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
