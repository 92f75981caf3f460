using System.Text;
using Pipewise.Core.Runs;
using Pipewise.Dashboard.Fleet;
using Pipewise.Dashboard.Pages;
using Pipewise.Dashboard.Pipeline;

namespace Pipewise.Dashboard;

/// <summary>
/// The dashboard's views as one self-contained HTML file for a build artifact: the fleet overview with every pipeline
/// (sorted and searched by a small inline script; no external resource), then the pipeline page of the
/// <see cref="DetailedPipelines"/> pipelines with the most build minutes in the period. Its size is therefore bounded
/// by the fleet's row count plus a fixed number of pipeline pages.
/// </summary>
public static class DashboardReport
{
    /// <summary>Pipelines whose full page is included (the rest are overview rows only).</summary>
    public const int DetailedPipelines = 10;

    public static async Task<string> RenderAsync(DashboardSources sources, FleetPeriod period = FleetPeriod.Month, int detailed = DetailedPipelines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var snapshot = await FleetLoader.LoadAsync(sources.Store, sources.Verdicts, sources.Insights, sources.Time, cancellationToken).ConfigureAwait(false);
        var query = new FleetQuery { Period = period };
        var top = query.Apply(snapshot).Take(Math.Max(0, detailed)).Select(r => r.Pipeline.Key).ToList();
        var anchors = top.ToDictionary(k => k, Anchor);
        var sb = new StringBuilder(256 * 1024);
        Html.Open(sb, "Pipewise report");
        OverviewPage.Body(sb, snapshot, query, OverviewMode.Report, p => anchors.TryGetValue(p.Key, out var a) ? "#" + a : null, "Pipewise report");
        if (snapshot.Pipelines.Count > top.Count)
        {
            sb.Append("<p class=\"muted\">Pipeline pages below: the ").Append(top.Count).Append(" pipelines with the most build minutes in the period. The others are in the table only; the dashboard (<code>pipewise serve</code>) shows every one.</p>");
        }

        foreach (var key in top)
        {
            if (await PipelineViewLoader.LoadAsync(sources, key, cancellationToken).ConfigureAwait(false) is { } view)
            {
                PipelinePage.Section(sb, view, 2, anchors[key]);
            }
        }

        sb.Append("<script>").Append(ReportScript.Source).Append("</script>");
        Html.Close(sb);
        return sb.ToString();
    }

    /// <summary>Writes the report atomically (temp file, then rename).</summary>
    public static async Task WriteAsync(string path, DashboardSources sources, FleetPeriod period = FleetPeriod.Month, int detailed = DetailedPipelines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var html = await RenderAsync(sources, period, detailed, cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    private static string Anchor(PipelineKey key) => "p-" + KeyEscaping.Escape(key.ToString()).Replace('%', '_');
}
