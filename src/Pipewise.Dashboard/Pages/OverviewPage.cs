using System.Globalization;
using System.Text;
using Pipewise.Dashboard.Fleet;

namespace Pipewise.Dashboard.Pages;

/// <summary>
/// The fleet overview: every pipeline in one table (runs and build minutes in the period, p50 and its trend, failure
/// rate, intermittent share, regression flag, last verdict, open suggestions with minutes saved), searched, filtered,
/// sorted and paged on the server. In a report (<see cref="OverviewMode.Report"/>) every row is in the file and a small
/// inline script sorts and searches it, reading the same parameters from the address's <c>#fragment</c>.
/// </summary>
public static class OverviewPage
{
    public static string Render(FleetSnapshot snapshot, FleetQuery query, OverviewMode mode, Func<FleetPipeline, string?> link, string title = "Pipewise — pipelines")
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(link);
        var sb = new StringBuilder(64 * 1024);
        Html.Open(sb, title);
        Body(sb, snapshot, query, mode, link, title);
        Html.Close(sb);
        return sb.ToString();
    }

    /// <summary>The overview's markup without the page frame (the report embeds it).</summary>
    public static void Body(StringBuilder sb, FleetSnapshot snapshot, FleetQuery query, OverviewMode mode, Func<FleetPipeline, string?> link, string title)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(link);
        var rows = query.Apply(snapshot);
        var all = snapshot.Pipelines.Select(p => FleetRows.For(p, query.Period, snapshot.AsOf)).ToList();
        sb.Append("<h1>").Append(Html.E(title)).Append("</h1>");
        sb.Append("<p class=\"muted\">").Append(snapshot.Pipelines.Count.ToString(CultureInfo.InvariantCulture)).Append(" pipeline(s) in ").Append(Html.E(snapshot.Store))
          .Append(" · period: ").Append(Html.E(FleetPeriods.Label(query.Period))).Append(" up to ").Append(Html.E(Html.Time(snapshot.AsOf))).Append(" (the newest stored run)")
          .Append(" · read ").Append(Html.E(Html.Time(snapshot.GeneratedAt))).Append(" in ").Append(snapshot.LoadTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</p>");
        foreach (var problem in snapshot.Problems)
        {
            sb.Append("<p class=\"problem\">").Append(Html.E(problem)).Append("</p>");
        }

        Tiles(sb, all);
        Filters(sb, snapshot, query, mode);
        var page = mode == OverviewMode.Server ? rows.Skip((query.Page - 1) * FleetQuery.PageSize).Take(FleetQuery.PageSize).ToList() : rows;
        sb.Append("<p class=\"muted\" id=\"shown\">").Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append(" pipeline(s) match")
          .Append(mode == OverviewMode.Server && rows.Count > FleetQuery.PageSize ? $" · page {query.Page} of {query.PageCount(rows.Count)}" : string.Empty).Append("</p>");
        sb.Append("<table class=\"fleet\" id=\"fleet\"><thead><tr>");
        Header(sb, query, mode, FleetSort.Name, "pipeline", false);
        Header(sb, query, mode, FleetSort.Runs, "runs", true);
        Header(sb, query, mode, FleetSort.Minutes, "build min", true);
        Header(sb, query, mode, FleetSort.P50, "p50", true);
        Header(sb, query, mode, FleetSort.Trend, "p50 trend", true);
        Header(sb, query, mode, FleetSort.Failure, "failure rate", true);
        Header(sb, query, mode, FleetSort.Intermittent, "intermittent", true);
        Header(sb, query, mode, FleetSort.Regression, "regression", false);
        Header(sb, query, mode, FleetSort.Verdict, "last verdict", false);
        Header(sb, query, mode, FleetSort.Suggestions, "suggestions", false);
        sb.Append("</tr></thead><tbody>");
        foreach (var row in page)
        {
            Row(sb, row, link(row.Pipeline));
        }

        sb.Append("</tbody></table>");
        if (rows.Count == 0)
        {
            sb.Append(snapshot.Pipelines.Count == 0
                ? "<p>No pipelines stored yet. Run <code>pipewise run</code> or <code>pipewise import</code> first.</p>"
                : "<p>No pipeline matches these filters.</p>");
        }

        if (mode == OverviewMode.Server)
        {
            Pager(sb, query, rows.Count);
        }
    }

    private static void Tiles(StringBuilder sb, List<FleetRow> all)
    {
        var runs = all.Sum(r => r.Runs);
        var minutes = all.Sum(r => r.BuildMinutes);
        var failing = all.Count(r => r.FailureRate is >= 0.2);
        var regressions = all.Count(r => r.Regression is not null);
        var saving = all.Sum(r => r.SavingMinutes ?? 0);
        sb.Append("<div class=\"tiles\">")
          .Append("<div class=\"tile\"><b>").Append(runs.ToString("N0", CultureInfo.InvariantCulture)).Append("</b>runs</div>")
          .Append("<div class=\"tile\"><b>").Append((minutes / 60).ToString("N0", CultureInfo.InvariantCulture)).Append("</b>build hours</div>")
          .Append("<div class=\"tile\"><b>").Append(failing.ToString(CultureInfo.InvariantCulture)).Append("</b>pipelines failing ≥ 20 %</div>")
          .Append("<div class=\"tile\"><b>").Append(regressions.ToString(CultureInfo.InvariantCulture)).Append("</b>duration regressions</div>")
          .Append("<div class=\"tile\"><b>").Append((saving / 60).ToString("N1", CultureInfo.InvariantCulture)).Append("</b>hours the open suggestions would have saved</div>")
          .Append("</div>");
    }

    private static void Filters(StringBuilder sb, FleetSnapshot snapshot, FleetQuery query, OverviewMode mode)
    {
        sb.Append("<form class=\"filters\" id=\"filters\" method=\"get\" action=\"\">");
        sb.Append("<label>search<input type=\"search\" name=\"q\" id=\"q\" value=\"").Append(Html.E(query.Search)).Append("\" placeholder=\"name, repository, organisation\" maxlength=\"")
          .Append(FleetQuery.MaxSearchLength).Append("\"></label>");
        Select(sb, "provider", "provider", query.Provider, snapshot.Pipelines.Select(p => p.Key.Provider).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Select(v => (v, v)));
        Select(sb, "org", "organisation", query.Organization, snapshot.Pipelines.Select(p => p.Key.Organization).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Take(500).Select(v => (v, v)));
        Select(sb, "verdict", "last verdict", query.Verdict, [("pass", "pass"), ("warn", "warn"), ("fail", "fail"), ("none", "none yet")]);
        if (mode == OverviewMode.Server)
        {
            sb.Append("<label>period<select name=\"period\">");
            foreach (var p in FleetPeriods.All)
            {
                sb.Append("<option value=\"").Append(FleetPeriods.Token(p)).Append('"').Append(p == query.Period ? " selected" : string.Empty).Append('>').Append(Html.E(FleetPeriods.Label(p))).Append("</option>");
            }

            sb.Append("</select></label>");
            sb.Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(Html.E(query.Sort)).Append("\"><input type=\"hidden\" name=\"dir\" value=\"").Append(query.Descending ? "desc" : "asc").Append("\">");
        }

        sb.Append("<button type=\"submit\">Apply</button></form>");
    }

    private static void Select(StringBuilder sb, string name, string label, string? selected, IEnumerable<(string Value, string Label)> options)
    {
        sb.Append("<label>").Append(Html.E(label)).Append("<select name=\"").Append(name).Append("\" id=\"f-").Append(name).Append("\"><option value=\"\">any</option>");
        foreach (var (value, text) in options)
        {
            sb.Append("<option value=\"").Append(Html.E(value)).Append('"').Append(string.Equals(value, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
              .Append('>').Append(Html.E(text)).Append("</option>");
        }

        sb.Append("</select></label>");
    }

    private static void Header(StringBuilder sb, FleetQuery query, OverviewMode mode, string column, string label, bool numeric)
    {
        var sorted = query.Sort == column;
        var descending = sorted ? !query.Descending : FleetSort.DescendingByDefault(column);
        sb.Append("<th data-sort=\"").Append(column).Append('"').Append(" class=\"").Append(numeric ? "num" : string.Empty).Append(sorted ? " sorted" + (query.Descending ? string.Empty : " asc") : string.Empty).Append("\">");
        var target = mode == OverviewMode.Server
            ? Link(query with { Sort = column, Descending = descending, Page = 1 })
            : "#sort=" + column + "&dir=" + (descending ? "desc" : "asc");
        sb.Append("<a href=\"").Append(Html.E(target)).Append("\">").Append(Html.E(label)).Append("</a></th>");
    }

    private static void Row(StringBuilder sb, FleetRow row, string? href)
    {
        var p = row.Pipeline;
        var verdict = row.LastVerdict?.ToString().ToLowerInvariant();
        var search = (p.Name + " " + p.Key.Provider + " " + p.Key.Organization + " " + p.Key.Repository + " " + p.Key.PipelineId).ToLowerInvariant();
        sb.Append("<tr data-key=\"").Append(Html.E(p.Key.ToString())).Append("\" data-search=\"").Append(Html.E(search)).Append("\" data-provider=\"").Append(Html.E(p.Key.Provider.ToLowerInvariant()))
          .Append("\" data-org=\"").Append(Html.E(p.Key.Organization.ToLowerInvariant())).Append("\" data-verdict=\"").Append(verdict ?? "none").Append("\"")
          .Append(" data-name=\"").Append(Html.E(p.Name.ToUpperInvariant())).Append("\" data-runs=\"").Append(row.Runs).Append("\" data-minutes=\"").Append(Html.Data(row.BuildMinutes))
          .Append("\" data-p50=\"").Append(Html.Data(row.P50Seconds)).Append("\" data-trend=\"").Append(Html.Data(row.Trend)).Append("\" data-failure=\"").Append(Html.Data(row.FailureRate))
          .Append("\" data-intermittent=\"").Append(Html.Data(row.IntermittentShare)).Append("\" data-regression=\"").Append(row.Regression is null ? "0" : "1")
          .Append("\" data-verdict-order=\"").Append(row.LastVerdict is { } v ? ((int)v).ToString(CultureInfo.InvariantCulture) : string.Empty)
          .Append("\" data-suggestions=\"").Append(Html.Data(row.SavingMinutes ?? (row.Suggestions > 0 ? 0 : null))).Append("\">");
        sb.Append("<td>").Append(href is null ? Html.E(p.Name) : "<a href=\"" + Html.E(href) + "\">" + Html.E(p.Name) + "</a>")
          .Append("<div class=\"key\">").Append(Html.E(p.Key.ToString())).Append("</div>");
        if (p.Problem is not null)
        {
            sb.Append("<div class=\"problem\">").Append(Html.E(p.Problem)).Append("</div>");
        }

        sb.Append("</td><td class=\"num\">").Append(row.RunsAtLeast ? "≥ " : string.Empty).Append(row.Runs.ToString(CultureInfo.InvariantCulture)).Append("</td>")
          .Append("<td class=\"num\">").Append(Html.Number(row.BuildMinutes, "N0")).Append("</td>")
          .Append("<td class=\"num\">").Append(Html.Duration(row.P50Seconds)).Append("</td>")
          .Append("<td class=\"num").Append(row.Trend is > 0.05 ? " up" : row.Trend is < -0.05 ? " down" : string.Empty).Append("\">")
          .Append(row.Trend is { } t ? (t >= 0 ? "+" : "−") + Html.Percent(Math.Abs(t)) : "n/a").Append("</td>")
          .Append("<td class=\"num\">").Append(Html.Percent(row.FailureRate)).Append("</td>")
          .Append("<td class=\"num\">").Append(Html.Percent(row.IntermittentShare)).Append("</td>")
          .Append("<td>").Append(row.Regression is { } evidence ? "<span class=\"flag\" title=\"" + Html.E(evidence) + "\">regression</span>" : string.Empty).Append("</td>")
          .Append("<td").Append(verdict is null ? string.Empty : " class=\"" + verdict + "\"").Append('>').Append(verdict ?? "<span class=\"muted\">none yet</span>").Append("</td><td>");
        if (row.Suggestions > 0)
        {
            var titles = string.Join("; ", p.Insight.Suggestions.Select(s => s.Title));
            sb.Append("<span title=\"").Append(Html.E(titles)).Append("\">").Append(row.Suggestions.ToString(CultureInfo.InvariantCulture))
              .Append(row.SavingMinutes is { } m && m > 0 ? " · ~" + Html.Number(m, "N0") + " min saved" : string.Empty).Append("</span>");
        }

        sb.Append("</td></tr>");
    }

    private static void Pager(StringBuilder sb, FleetQuery query, int rows)
    {
        var pages = query.PageCount(rows);
        if (pages <= 1)
        {
            return;
        }

        sb.Append("<nav class=\"pager\">");
        if (query.Page > 1)
        {
            sb.Append("<a rel=\"prev\" href=\"").Append(Html.E(Link(query with { Page = query.Page - 1 }))).Append("\">← previous</a>");
        }

        sb.Append("<span>page ").Append(query.Page).Append(" of ").Append(pages).Append("</span>");
        if (query.Page < pages)
        {
            sb.Append("<a rel=\"next\" href=\"").Append(Html.E(Link(query with { Page = query.Page + 1 }))).Append("\">next →</a>");
        }

        sb.Append("</nav>");
    }

    /// <summary>The overview address for a query (relative, so it works behind any path prefix).</summary>
    public static string Link(FleetQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("q", query.Search);
        Add("provider", query.Provider);
        Add("org", query.Organization);
        Add("verdict", query.Verdict);
        Add("period", FleetPeriods.Token(query.Period));
        Add("sort", query.Sort);
        Add("dir", query.Descending ? "desc" : "asc");
        if (query.Page > 1)
        {
            Add("page", query.Page.ToString(CultureInfo.InvariantCulture));
        }

        return "?" + string.Join('&', parts);
    }
}
