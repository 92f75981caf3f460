using System.Globalization;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;

namespace Pipewise.Core.Reporting;

/// <summary>
/// Renders a <see cref="RunOutcome"/> as GitHub-flavoured markdown for the GitHub job summary, the PR comment and
/// the Azure Pipelines build summary. Host-neutral: it only sees the outcome and the options. Every untrusted
/// string (branch, commit message, job and step names, PR titles, environment names) goes through
/// <see cref="Markdown.Escape"/>; snippets go through <see cref="Markdown.CodeFence"/>.
/// </summary>
public static partial class SummaryRenderer
{
    private const string TruncatedNote = "\n\n_Pipewise cut this summary to stay within its size limit._\n";

    public static string Render(RunOutcome outcome, SummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        options = UntrustedText.Clip(options ?? new SummaryOptions());
        outcome = UntrustedText.Clip(outcome);
        var sections = new List<Section>();
        var h = new string('#', Math.Clamp(options.HeadingLevel, 1, 5));
        var h3 = h + "#";

        sections.Add(new Section(0, Header(outcome, options, h)));
        sections.Add(new Section(0, VerdictMarkdown.Reasons(outcome.Verdict)));
        sections.Add(new Section(1, ForecastTable(outcome, h3)));
        if (Notes(outcome) is { } notes)
        {
            sections.Add(new Section(1, notes));
        }

        if (Suggestions(outcome, options, h3) is { } suggestions)
        {
            sections.Add(new Section(2, suggestions));
        }

        if (VerdictMarkdown.Features(outcome.Verdict, h3) is { } features)
        {
            sections.Add(new Section(3, features));
        }

        if (options.IncludeChart && Chart(outcome, h3) is { } chart)
        {
            sections.Add(new Section(4, chart));
        }

        if (options.IncludeDetails)
        {
            if (Tests(outcome.Run) is { } tests)
            {
                sections.Add(new Section(3, tests));
            }

            if (Deployment(outcome.Run) is { } deployment)
            {
                sections.Add(new Section(3, deployment));
            }

            if (Resources(outcome.Run) is { } resources)
            {
                sections.Add(new Section(5, resources));
            }

            if (Jobs(outcome.Run, options, h3) is { } jobs)
            {
                sections.Add(new Section(5, jobs));
            }

            if (Steps(outcome.Run, options, h3) is { } steps)
            {
                sections.Add(new Section(6, steps));
            }
        }

        sections.Add(new Section(0, Footer(outcome)));
        return Fit(options.Marker, sections, options.MaxBytes);
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes at a line end, adding a note.</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var noteBytes = Encoding.UTF8.GetByteCount(TruncatedNote);
        var budget = Math.Max(0, maxBytes - noteBytes);
        var sb = new StringBuilder();
        var used = 0;
        var fenceOpen = false;
        foreach (var line in text.Split('\n'))
        {
            var bytes = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + bytes > budget - (fenceOpen ? 8 : 0))
            {
                break;
            }

            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenceOpen = !fenceOpen;
            }

            sb.Append(line).Append('\n');
            used += bytes;
        }

        if (fenceOpen)
        {
            sb.Append("```\n");
        }

        if (budget == 0)
        {
            return CutBytes(TruncatedNote.Trim(), maxBytes);
        }

        return sb.ToString().TrimEnd('\n') + TruncatedNote;
    }

    /// <summary>Human duration: "42s", "3m 05s", "1h 02m".</summary>
    public static string FormatDuration(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s) || s < 0)
        {
            return "–";
        }

        var t = TimeSpan.FromSeconds(Math.Round(s));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h {t.Minutes:00}m")
            : t.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m {t.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s");
    }

    /// <summary>The emoji and word for a verdict.</summary>
    public static string VerdictLabel(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "✅ pass",
        Verdict.Warn => "⚠️ warn",
        _ => "❌ fail",
    };

    private static string Fit(string? marker, List<Section> sections, int maxBytes)
    {
        var prefix = string.IsNullOrEmpty(marker) ? string.Empty : marker + "\n";
        var kept = new List<Section>(sections);
        var dropped = false;
        string Join() => prefix + string.Join("\n\n", kept.Select(s => s.Text.TrimEnd())) + "\n";
        var text = Join();
        while (Encoding.UTF8.GetByteCount(text) > maxBytes && kept.Any(s => s.Priority > 0))
        {
            var worst = kept.Where(s => s.Priority > 0).MaxBy(s => s.Priority)!;
            kept.Remove(worst);
            dropped = true;
            text = Join();
        }

        if (dropped)
        {
            const string note = "\n_Some sections were left out to keep this summary within its size limit._\n";
            if (Encoding.UTF8.GetByteCount(text + note) <= maxBytes)
            {
                text += note;
            }
        }

        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            text = TruncateUtf8(text, maxBytes);
        }

        return text;
    }

    private static string CutBytes(string text, int maxBytes)
    {
        var sb = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            sb.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }

        return sb.ToString();
    }

    private sealed record Section(int Priority, string Text);
}
