using System.Globalization;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Reporting;

/// <summary>The sections about the assessment: header, forecast, notes, suggestions, chart, footer.</summary>
public static partial class SummaryRenderer
{
    private static string Header(RunOutcome outcome, SummaryOptions options, string h)
    {
        var run = outcome.Run;
        var v = outcome.Verdict;
        var sb = new StringBuilder();
        sb.Append(h).Append(" Pipewise: ").Append(VerdictLabel(v.Verdict)).Append('\n').Append('\n');
        sb.Append("**Mode:** ").Append(ModeText(v));
        sb.Append(" · **Model:** ").Append(v.ModelVersion is { Length: > 0 } mv ? Markdown.Escape(mv) : "none yet");
        var strategy = outcome.Decision?.Strategy ?? v.Strategy;
        if (strategy is { } st)
        {
            sb.Append(" · **Strategy:** ").Append(Markdown.Escape(st.ToString().ToLowerInvariant()));
        }

        sb.Append('\n').Append('\n');

        var name = run.PipelineName is { Length: > 0 } pn ? pn : run.PipelineId;
        sb.Append("Run ");
        var label = run.Number is { } n ? string.Create(CultureInfo.InvariantCulture, $"#{n}") : Markdown.Escape(run.RunId);
        if (options.RunUrl is { } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            sb.Append('[').Append(label.Replace("#", "\\#", StringComparison.Ordinal)).Append("](").Append(url.AbsoluteUri.Replace(")", "%29", StringComparison.Ordinal)).Append(')');
        }
        else
        {
            sb.Append(label.Replace("#", "\\#", StringComparison.Ordinal));
        }

        if (run.Attempt > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (attempt {run.Attempt})");
        }

        sb.Append(" of **").Append(Markdown.Escape(name)).Append("**");
        if (run.Branch is { Length: > 0 } branch)
        {
            sb.Append(" on branch **").Append(Markdown.Escape(branch)).Append("**");
            if (run.IsDefaultBranch == true)
            {
                sb.Append(" (default)");
            }
        }

        if (run.Commit is { Length: > 0 } commit)
        {
            sb.Append(" at ").Append(Markdown.Escape(commit.Length > 7 ? commit[..7] : commit));
        }

        if (run.Event is { Length: > 0 } ev)
        {
            sb.Append(", triggered by ").Append(Markdown.Escape(ev));
        }

        sb.Append('.');
        if (options.CommitMessage is { Length: > 0 } message)
        {
            var first = message.Split('\n')[0];
            if (first.Length > 200)
            {
                first = first[..200] + "…";
            }

            sb.Append("\n\nCommit: ").Append(Markdown.Escape(first));
        }

        if (run.PullRequest is { } pr)
        {
            sb.Append("\n\nPull request \\#").Append(pr.ToString(CultureInfo.InvariantCulture));
            if (options.PullRequestTitle is { Length: > 0 } title)
            {
                sb.Append(": ").Append(Markdown.Escape(title.Length > 200 ? title[..200] + "…" : title));
            }
        }

        return sb.ToString();
    }

    private static string ModeText(GateVerdict v) => v.Mode switch
    {
        GateMode.Enforce => v.Blocks ? "enforce (this verdict fails the job)" : "enforce",
        GateMode.DryRun => v.Verdict == Verdict.Fail ? "dry-run (enforce would fail the job)" : "dry-run",
        _ => "advise (report only)",
    };

    private static string ForecastTable(RunOutcome outcome, string h3)
    {
        var run = outcome.Run;
        var f = outcome.Forecast;
        var sb = new StringBuilder();
        sb.Append(h3).Append(" Forecast vs actual\n\n");
        sb.Append("| | forecast | actual |\n|---|---|---|\n");
        sb.Append("| duration (p50) | ").Append(FormatDuration(f?.DurationP50Seconds)).Append(" | ").Append(FormatDuration(run.EffectiveDurationSeconds)).Append(" |\n");
        sb.Append("| duration (p90) | ").Append(FormatDuration(f?.DurationP90Seconds)).Append(" | |\n");
        sb.Append("| failure probability | ")
            .Append(f is null ? "–" : (f.FailureProbability * 100).ToString("0", CultureInfo.InvariantCulture) + "%")
            .Append(" | ").Append(run.Result is { } result ? result.ToString().ToLowerInvariant() : "in progress").Append(" |\n");
        sb.Append("| duration anomaly z | | ").Append(outcome.AnomalyZ is { } z ? z.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–").Append(" |\n");
        sb.Append("| queue time | | ").Append(FormatDuration(run.QueueSeconds)).Append(" |\n");
        if (f?.PredictorReason is { Length: > 0 } why)
        {
            sb.Append("\nDuration forecast served by ").Append(Markdown.Escape(why)).Append('\n');
        }

        sb.Append('\n').Append(CultureInfo.InvariantCulture, $"History used: {outcome.HistoryRuns} earlier run(s).");
        if (outcome.AlreadyStored)
        {
            sb.Append(" This run attempt was already stored (re-run of the same attempt).");
        }

        return sb.ToString();
    }

    private static string? Notes(RunOutcome outcome)
    {
        var notes = outcome.Notes.ToList();
        if (outcome.DriftNote is { Length: > 0 } drift)
        {
            notes.Add(drift);
        }

        if (notes.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder("**Notes:**\n");
        foreach (var n in notes)
        {
            sb.Append("- ").Append(Markdown.Escape(n)).Append('\n');
        }

        return sb.ToString();
    }

    private static string? Suggestions(RunOutcome outcome, SummaryOptions options, string h3)
    {
        var suggestions = outcome.Decision?.Suggestions ?? [];
        if (suggestions.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" Suggestions\n");
        foreach (var s in suggestions.Take(Math.Max(0, options.MaxSuggestions)))
        {
            sb.Append('\n').Append("**").Append(Markdown.Escape(s.Title)).Append("**");
            if (s.ExpectedSavingSeconds is { } saving && saving > 0)
            {
                sb.Append(" — could save about ").Append(FormatDuration(saving)).Append(" per run");
            }

            sb.Append("\n\n").Append(Markdown.Escape(s.Evidence)).Append('\n');
            var snippet = options.Snippets == SnippetFlavor.GitHub ? s.GitHubSnippet : s.AzurePipelinesSnippet;
            if (!string.IsNullOrWhiteSpace(snippet))
            {
                sb.Append("\n<details><summary>YAML to paste</summary>\n\n")
                    .Append(Markdown.CodeFence("yaml", snippet))
                    .Append("\n\n</details>\n");
            }
        }

        if (suggestions.Count > options.MaxSuggestions)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"_{suggestions.Count - options.MaxSuggestions} more suggestion(s) in the `suggestions` output._\n");
        }

        return sb.ToString();
    }

    /// <summary>Bars in a summary chart: more than a dozen labels overlap in GitHub's mermaid renderer.</summary>
    public const int ChartBars = 12;

    private static string? Chart(RunOutcome outcome, string h3)
    {
        var points = outcome.RecentRuns
            .Where(r => r.EffectiveDurationSeconds is not null)
            .Select(r => (Label: RunLabel(r), Seconds: r.EffectiveDurationSeconds!.Value))
            .ToList();
        if (outcome.Run.EffectiveDurationSeconds is { } now)
        {
            points.Add(("this", now));
        }

        points = points.TakeLast(ChartBars).ToList();
        if (points.Count < 2)
        {
            return null;
        }

        var minutes = points.Select(p => Math.Round(p.Seconds / 60.0, 2)).ToList();
        var max = minutes.Max();
        if (outcome.Forecast is { } f)
        {
            max = Math.Max(max, f.DurationP90Seconds / 60.0);
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" Duration of the last ").Append(points.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs (minutes)\n\n");
        sb.Append("```mermaid\nxychart-beta\n");
        sb.Append("  x-axis [").Append(string.Join(", ", points.Select(p => "\"" + p.Label + "\""))).Append("]\n");
        sb.Append("  y-axis \"minutes\" 0 --> ").Append(Math.Ceiling(max * 1.1 + 0.01).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("  bar [").Append(string.Join(", ", minutes.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))).Append("]\n");
        sb.Append("```\n\n");
        sb.Append(outcome.Forecast is { } g
            ? "This run's forecast: " + FormatDuration(g.DurationP50Seconds) + " (p50), at most " + FormatDuration(g.DurationP90Seconds) + " in 9 of 10 runs (p90)."
            : "No forecast for this run yet.");
        return sb.ToString();
    }

    // Labels are built only from numbers, so nothing untrusted reaches the mermaid block.
    private static string RunLabel(RunRecord r) =>
        r.Number is { } n ? "#" + n.ToString(CultureInfo.InvariantCulture)
        : long.TryParse(r.RunId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id.ToString(CultureInfo.InvariantCulture)
        : "run";

    private static string Footer(RunOutcome outcome) =>
        "<sub>Pipewise · verdict " + outcome.Verdict.Verdict.ToString().ToLowerInvariant()
        + " · model " + (outcome.Verdict.ModelVersion is { Length: > 0 } mv ? Markdown.Escape(mv) : "none")
        + "</sub>";
}
