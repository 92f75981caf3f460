using System.Text;
using System.Text.Json;

namespace Pipewise.Agent.Replay;

/// <summary>
/// The JSON of <c>pipewise replay --json</c>: the EVALUATION.md §2 shape (a contract: fields are added, never renamed).
/// Per action, <c>credited</c> says whether the history can show its effect; duration regressions add
/// <c>regressions</c>, <c>runs_unnoticed</c> and <c>minutes_unnoticed</c>.
/// </summary>
public static class ReplayJson
{
    public static byte[] Write(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("simulated", false);
            w.WriteNumber("pipelines", report.Pipelines);
            w.WriteNumber("runs", report.Runs);
            w.WriteNumber("build_minutes", Round(report.BuildMinutes));
            w.WriteNumber("pipelines_with_suggestions", report.PipelinesWithSuggestions);
            w.WriteStartObject("actions");
            foreach (var (id, a) in report.Actions)
            {
                w.WriteStartObject(id);
                w.WriteNumber("pipelines", a.Pipelines);
                w.WriteNumber("suggested_runs", a.SuggestedRuns);
                w.WriteNumber("minutes_saved", Round(a.MinutesSaved));
                w.WriteNumber("share_of_build_minutes", Share(report, a.MinutesSaved));
                w.WriteBoolean("credited", a.Credited);
                if (a.Regressions > 0)
                {
                    w.WriteNumber("regressions", a.Regressions);
                    w.WriteNumber("runs_unnoticed", a.RunsUnnoticed);
                    w.WriteNumber("minutes_unnoticed", Round(a.MinutesUnnoticed));
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("total");
            w.WriteNumber("minutes_saved", Round(report.MinutesSaved));
            w.WriteNumber("share_of_build_minutes", Share(report, report.MinutesSaved));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The readable table printed by <c>pipewise replay</c>.</summary>
    public static string Table(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"Replay of {report.Pipelines} pipeline(s), {report.Runs} run(s), {report.BuildMinutes:0} build minutes (real history, history before each run only)");
        sb.AppendLine(inv, $"Pipelines with at least one evidence-backed suggestion: {report.PipelinesWithSuggestions} ({100 * Ratio(report.PipelinesWithSuggestions, report.Pipelines):0.#} %)");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"action",-22} {"pipelines",9} {"suggested runs",14} {"minutes saved",13} {"share",8}");
        foreach (var (id, a) in report.Actions)
        {
            var saved = a.Credited ? a.MinutesSaved.ToString("0", inv) : "not shown";
            var share = a.Credited ? (100 * report.Share(a.MinutesSaved)).ToString("0.00", inv) + " %" : "-";
            sb.AppendLine(inv, $"{id,-22} {a.Pipelines,9} {a.SuggestedRuns,14} {saved,13} {share,8}");
        }

        sb.AppendLine(inv, $"{"total",-22} {string.Empty,9} {string.Empty,14} {report.MinutesSaved,13:0} {100 * report.Share(report.MinutesSaved),6:0.00} %");
        if (report.Actions.TryGetValue(Catalog.ActionCatalog.DurationRegression, out var r) && r.Regressions > 0)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"Duration regressions: {r.Regressions} detected, {(double)r.RunsUnnoticed / r.Regressions:0.#} runs and {r.MinutesUnnoticed / r.Regressions:0.#} extra build minutes on average from the first slow run to the detection.");
        }

        sb.Append("Cache, shards, runner size and queue capacity are counted with their evidence but never credited: the history cannot show their effect.");
        return sb.ToString();
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    private static double Share(ReplayReport report, double minutes) => Math.Round(report.Share(minutes), 6);

    private static double Round(double value) => Math.Round(value, 2);
}
