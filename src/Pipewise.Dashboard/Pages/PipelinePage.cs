using System.Globalization;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Dashboard.Charts;
using Pipewise.Dashboard.Pipeline;

namespace Pipewise.Dashboard.Pages;

/// <summary>
/// One pipeline: durations over time with the served forecast band (p50–p90), failure risk against outcomes, verdicts
/// at their runs' times with reasons, suggestions with evidence and snippets, the agent's policy in words, recent runs.
/// </summary>
public static class PipelinePage
{
    public static string Render(PipelineView view, string? backLink)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder(64 * 1024);
        Html.Open(sb, "Pipewise — " + view.Name);
        if (backLink is not null)
        {
            sb.Append("<p><a href=\"").Append(Html.E(backLink)).Append("\">← all pipelines</a></p>");
        }

        Section(sb, view, 1);
        Html.Close(sb);
        return sb.ToString();
    }

    /// <summary>The page's content under a heading of <paramref name="level"/> (the report nests it).</summary>
    public static void Section(StringBuilder sb, PipelineView view, int level, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(view);
        var h = "h" + level.ToString(CultureInfo.InvariantCulture);
        var h2 = "h" + (level + 1).ToString(CultureInfo.InvariantCulture);
        sb.Append("<section class=\"pipeline\" data-pipeline=\"").Append(Html.E(view.Key.ToString())).Append('"')
          .Append(id is null ? string.Empty : " id=\"" + Html.E(id) + "\"").Append('>');
        sb.Append('<').Append(h).Append('>').Append(Html.E(view.Name)).Append("</").Append(h).Append('>');
        sb.Append("<div class=\"key\">").Append(Html.E(view.Key.ToString())).Append("</div>");
        foreach (var problem in view.Problems)
        {
            sb.Append("<p class=\"problem\">").Append(Html.E(problem)).Append("</p>");
        }

        Charts(sb, view);
        sb.Append('<').Append(h2).Append(">Suggestions</").Append(h2).Append('>');
        Suggestions(sb, view);
        sb.Append('<').Append(h2).Append(">Verdicts</").Append(h2).Append('>');
        Verdicts(sb, view);
        sb.Append('<').Append(h2).Append(">What the agent has learnt</").Append(h2).Append('>');
        if (view.Policy.Count == 0)
        {
            sb.Append("<p class=\"muted\">The agent has no Q-table for this pipeline yet: it learns from the runs that <code>pipewise run</code> scores.</p>");
        }
        else
        {
            sb.Append("<ul class=\"policy\">");
            foreach (var line in view.Policy.Take(20))
            {
                sb.Append("<li>").Append(Html.E(line)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append('<').Append(h2).Append(">Recent runs</").Append(h2).Append('>');
        RunsTable(sb, view);
        sb.Append("</section>");
    }

    private static void Charts(StringBuilder sb, PipelineView view)
    {
        var timed = view.Runs.Where(r => At(r) is not null).ToList();
        var actual = timed.Where(r => r.EffectiveDurationSeconds is not null)
            .Select(r => new ChartPoint(At(r)!.Value, r.EffectiveDurationSeconds!.Value, Tooltip(r, view.Forecasts.GetValueOrDefault(r.Key)), r.Result == RunResult.Failed))
            .ToList();
        var withForecast = timed.Where(r => view.Forecasts.ContainsKey(r.Key)).ToList();
        var p50 = withForecast.Select(r => new ChartPoint(At(r)!.Value, view.Forecasts[r.Key].P50Seconds, "forecast p50 " + Html.Duration(view.Forecasts[r.Key].P50Seconds) + " for " + Label(r))).ToList();
        var band = withForecast.Select(r => new ChartBand(At(r)!.Value, view.Forecasts[r.Key].P50Seconds, view.Forecasts[r.Key].P90Seconds)).ToList();
        TimeChart.Render(sb, "duration", "Duration over time: actual runs (failed in red) and the served forecast (p50 line, p50–p90 band)",
            [new ChartSeries("actual", "actual", "#0969da", actual), new ChartSeries("forecast-p50", "forecast p50", "#8250df", p50, Line: true, Dashed: true)],
            band, v => Html.Duration(v), bandLabel: "forecast p50–p90");
        var risk = withForecast.Select(r => new ChartPoint(At(r)!.Value, view.Forecasts[r.Key].FailureProbability, Label(r) + ": failure risk " + Html.Percent(view.Forecasts[r.Key].FailureProbability) + ", " + Result(r))).ToList();
        var outcomes = timed.Where(r => r.Result is RunResult.Failed or RunResult.Succeeded)
            .Select(r => new ChartPoint(At(r)!.Value, r.Result == RunResult.Failed ? 1 : 0, Label(r) + ": " + Result(r), r.Result == RunResult.Failed)).ToList();
        TimeChart.Render(sb, "risk", "Failure risk before each run against its outcome (failed = 100 %, passed = 0 %)",
            [new ChartSeries("risk", "failure risk", "#bf3989", risk), new ChartSeries("outcome", "outcome", "#8c959f", outcomes, Line: false)],
            [], v => Html.Percent(v), 1.0);
        var computed = withForecast.Count(r => !view.Forecasts[r.Key].Recorded);
        sb.Append("<p class=\"muted\">").Append(withForecast.Count.ToString(CultureInfo.InvariantCulture)).Append(" of ").Append(timed.Count.ToString(CultureInfo.InvariantCulture))
          .Append(" run(s) have a forecast: ").Append((withForecast.Count - computed).ToString(CultureInfo.InvariantCulture)).Append(" recorded when the run was scored, ")
          .Append(computed.ToString(CultureInfo.InvariantCulture)).Append(" computed now from the runs before each (nothing of the run itself is used).</p>");
    }

    private static void Suggestions(StringBuilder sb, PipelineView view)
    {
        if (view.Insight.Regression is { } regression)
        {
            sb.Append("<p class=\"flag\">Duration regression: ").Append(Html.E(regression)).Append("</p>");
        }

        if (view.Insight.Suggestions.Count == 0)
        {
            sb.Append("<p class=\"muted\">The history proves no tuning suggestion for now.</p>");
            return;
        }

        foreach (var s in view.Insight.Suggestions)
        {
            sb.Append("<div class=\"suggestion\" data-action=\"").Append(Html.E(s.ActionId)).Append("\"><h4>").Append(Html.E(s.Title));
            if (s.ExpectedSavingSeconds is { } saving && saving > 0)
            {
                sb.Append(" <span class=\"muted\">— about ").Append(Html.Duration(saving)).Append(" per run</span>");
            }

            sb.Append("</h4><p>").Append(Html.E(s.Evidence)).Append("</p>");
            Snippet(sb, "GitHub Actions", s.GitHubSnippet);
            Snippet(sb, "Azure Pipelines", s.AzurePipelinesSnippet);
            sb.Append("</div>");
        }
    }

    private static void Snippet(StringBuilder sb, string platform, string? snippet)
    {
        if (!string.IsNullOrWhiteSpace(snippet))
        {
            sb.Append("<details><summary>").Append(platform).Append(" YAML</summary><pre class=\"snippet\">").Append(System.Net.WebUtility.HtmlEncode(snippet)).Append("</pre></details>");
        }
    }

    private static void Verdicts(StringBuilder sb, PipelineView view)
    {
        if (view.Verdicts.Count == 0)
        {
            sb.Append("<p class=\"muted\">No gate verdicts recorded yet.</p>");
            return;
        }

        var runs = view.Runs.GroupBy(r => (r.RunId, r.Attempt)).ToDictionary(g => g.Key, g => g.First());
        sb.Append("<table class=\"verdicts\"><thead><tr><th>run started</th><th>run</th><th>verdict</th><th>mode</th><th>source</th><th>model</th><th>reasons</th></tr></thead><tbody>");
        foreach (var v in view.Verdicts.Reverse())
        {
            var run = runs.GetValueOrDefault((v.RunId, v.Attempt));
            var verdict = v.Verdict.ToString().ToLowerInvariant();
            sb.Append("<tr><td title=\"scored ").Append(Html.E(Html.Time(v.At))).Append("\">").Append(run is null ? Html.E(Html.Time(v.At)) + " <span class=\"muted\">(scored; run not shown)</span>" : Html.E(Html.Time(At(run))))
              .Append("</td><td>").Append(Html.E(run is null ? v.RunId : Label(run))).Append("</td>")
              .Append("<td class=\"").Append(verdict).Append("\">").Append(verdict).Append("</td>")
              .Append("<td>").Append(Html.E(GatePolicyFile.ModeName(v.Mode))).Append("</td><td>").Append(Html.E(v.Source)).Append("</td>")
              .Append("<td>").Append(Html.E(v.ModelVersion ?? "none")).Append("</td><td><ul>");
            foreach (var reason in v.Reasons)
            {
                sb.Append("<li class=\"").Append(reason.Severity.ToString().ToLowerInvariant()).Append("\">").Append(Html.E(reason.Message)).Append("</li>");
            }

            sb.Append("</ul></td></tr>");
        }

        sb.Append("</tbody></table>");
    }

    private static void RunsTable(StringBuilder sb, PipelineView view)
    {
        sb.Append("<table class=\"runs\"><thead><tr><th>run</th><th>started</th><th>branch</th><th>commit</th><th>result</th><th class=\"num\">duration</th><th class=\"num\">forecast p50</th><th class=\"num\">p90</th><th class=\"num\">failure risk</th><th>model</th></tr></thead><tbody>");
        foreach (var r in Enumerable.Reverse(view.Runs).Take(25))
        {
            var f = view.Forecasts.GetValueOrDefault(r.Key);
            sb.Append("<tr data-run=\"").Append(Html.E(r.RunId)).Append("\"><td>").Append(Html.E(Label(r))).Append("</td>")
              .Append("<td>").Append(Html.E(Html.Time(At(r)))).Append("</td><td>").Append(Html.E(r.Branch ?? "n/a")).Append("</td><td>").Append(Html.E(Short(r.Commit))).Append("</td>")
              .Append("<td>").Append(Html.E(Result(r))).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Duration(r.EffectiveDurationSeconds)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Duration(f?.P50Seconds)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Duration(f?.P90Seconds)).Append("</td>")
              .Append("<td class=\"num\">").Append(Html.Percent(f?.FailureProbability)).Append("</td>")
              .Append("<td>").Append(Html.E(f is null ? string.Empty : f.Model + (f.Recorded ? string.Empty : " (computed)"))).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
    }

    private static DateTimeOffset? At(RunRecord r) => r.StartedAt ?? r.QueuedAt ?? r.FinishedAt;

    private static string Label(RunRecord r) =>
        (r.Number is { } n ? "#" + n.ToString(CultureInfo.InvariantCulture) + " (" + r.RunId + ")" : r.RunId)
        + (r.Attempt > 1 ? " attempt " + r.Attempt.ToString(CultureInfo.InvariantCulture) : string.Empty);

    private static string Result(RunRecord r) => r.Result?.ToString().ToLowerInvariant() ?? "unknown";

    private static string Short(string? commit) => commit is null ? "n/a" : commit.Length > 10 ? commit[..10] : commit;

    private static string Tooltip(RunRecord r, ShownForecast? f) =>
        Label(r) + " · " + Html.Time(At(r)) + " · branch " + (r.Branch ?? "n/a") + " · commit " + Short(r.Commit) + " · " + Result(r)
        + " · " + Html.Duration(r.EffectiveDurationSeconds)
        + (f is null ? string.Empty : " · forecast p50 " + Html.Duration(f.P50Seconds) + ", p90 " + Html.Duration(f.P90Seconds));
}
