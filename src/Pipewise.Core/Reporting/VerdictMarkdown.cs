using System.Globalization;
using System.Text;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Reporting;

/// <summary>
/// A verdict as markdown, the one renderer for every place a verdict is written: the run's job/build summary
/// (<see cref="SummaryRenderer"/>), the <c>pipewise gate</c> step summary and the GitHub deployment review comment.
/// </summary>
public static class VerdictMarkdown
{
    /// <summary>The reasons as a list, worst first: "**Why:**" then "- severity — message" (messages escaped).</summary>
    public static string Reasons(GateVerdict v)
    {
        var sb = new StringBuilder("**Why:**\n");
        foreach (var r in v.Reasons.OrderByDescending(r => r.Severity))
        {
            sb.Append("- ").Append(SummaryRenderer.VerdictLabel(r.Severity)).Append(" — ").Append(Markdown.Escape(r.Message)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The table of the features that moved the score most (null when there are none).</summary>
    public static string? Features(GateVerdict v, string h3)
    {
        if (v.TopFeatures.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" What moved the failure risk most\n\n| what | effect on the risk |\n|---|---|\n");
        foreach (var f in v.TopFeatures.Take(5))
        {
            sb.Append("| ").Append(Markdown.Escape(Words(f)))
                .Append(" | ").Append(Points(f.Effect)).Append(" |\n");
        }

        return sb.ToString();
    }

    /// <summary>The step summary of <c>pipewise gate</c>: outcome, pipeline and run, reasons, top features, notes.</summary>
    public static string GateSummary(RunAssessment assessment, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(notes);
        var v = assessment.Verdict;
        var sb = new StringBuilder();
        sb.Append("### Pipewise gate: ").Append(Markdown.Escape(v.Outcome)).Append("\n\n");
        sb.Append("Pipeline ").Append(Markdown.Escape(assessment.Pipeline.ToString()));
        if (assessment.RunId is not null)
        {
            sb.Append(", run ").Append(Markdown.Escape(assessment.RunId));
        }

        sb.Append(", model ").Append(Markdown.Escape(v.ModelVersion ?? "none")).Append("\n\n").Append(Reasons(v));
        if (Features(v, "####") is { } features)
        {
            sb.Append('\n').Append(features);
        }

        foreach (var n in notes)
        {
            sb.Append("\n> ").Append(Markdown.Escape(n)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// The comment of a GitHub deployment review: outcome, reasons, model and the top three features, cut to
    /// <paramref name="maxLength"/>. Reason messages are Pipewise's own text (numbers and thresholds), so only line
    /// breaks are folded; model and feature names go in code spans they cannot close.
    /// </summary>
    public static string ReviewComment(RunAssessment assessment, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var v = assessment.Verdict;
        var sb = new StringBuilder();
        sb.Append("**Pipewise gate: ").Append(v.Outcome).Append("**\n");
        foreach (var r in v.Reasons)
        {
            sb.Append("- ").Append(r.Severity.ToString().ToLowerInvariant()).Append(": ").Append(r.Message.ReplaceLineEndings(" ")).Append('\n');
        }

        sb.Append("\nModel: ").Append(Code(v.ModelVersion ?? "none"));
        if (v.TopFeatures.Count > 0)
        {
            sb.Append(" · what moved the risk most: ").Append(string.Join("; ", v.TopFeatures.Take(3).Select(t =>
                Words(t).ReplaceLineEndings(" ") + " (" + Points(t.Effect) + ")")));
        }

        var text = sb.ToString();
        return text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
    }

    /// <summary>A contribution in words; contributions stored before descriptions existed keep their feature id.</summary>
    private static string Words(FeatureContribution f) => f.Description is { Length: > 0 } d ? char.ToUpperInvariant(d[0]) + d[1..] : f.Feature;

    /// <summary>An effect on a probability in percentage points, e.g. "+4.1 points".</summary>
    private static string Points(double effect) => (effect * 100).ToString("+0.0;-0.0;0", CultureInfo.InvariantCulture) + " points";

    /// <summary>An inline code span that the text cannot close (backticks and line breaks are replaced).</summary>
    private static string Code(string text) => "`" + text.Replace('`', '\'').ReplaceLineEndings(" ") + "`";
}
