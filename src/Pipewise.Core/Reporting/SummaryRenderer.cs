using System.Globalization;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Reporting;

/// <summary>Which platform's snippet a suggestion shows.</summary>
public enum SnippetFlavor
{
    GitHub,
    AzurePipelines,
}

/// <summary>How <see cref="SummaryRenderer"/> renders one outcome.</summary>
public sealed record SummaryOptions
{
    /// <summary>The platform whose YAML snippets are shown with suggestions.</summary>
    public SnippetFlavor Snippets { get; init; } = SnippetFlavor.GitHub;

    /// <summary>
    /// Byte budget of the UTF-8 text. GitHub's step summary limit is 1 MiB; the default keeps a margin.
    /// Sections are left out (least useful first) and then lines cut so that the result never exceeds it.
    /// </summary>
    public int MaxBytes { get; init; } = 1_000_000;

    /// <summary>How many suggestions are shown with their snippets.</summary>
    public int MaxSuggestions { get; init; } = 3;

    /// <summary>How many jobs the jobs table shows (slowest first).</summary>
    public int MaxJobs { get; init; } = 30;

    /// <summary>How many of the slowest steps are listed.</summary>
    public int MaxSteps { get; init; } = 10;

    /// <summary>Heading level of the title (2 → "##").</summary>
    public int HeadingLevel { get; init; } = 2;

    /// <summary>Whether to render the forecast-vs-actual mermaid chart.</summary>
    public bool IncludeChart { get; init; } = true;

    /// <summary>Whether to render jobs, slowest steps, tests and resources.</summary>
    public bool IncludeDetails { get; init; } = true;

    /// <summary>A link to the run (trusted: built by the host from its own URLs).</summary>
    public Uri? RunUrl { get; init; }

    /// <summary>Title of the pull request (untrusted; escaped).</summary>
    public string? PullRequestTitle { get; init; }

    /// <summary>First line of the commit message (untrusted; escaped).</summary>
    public string? CommitMessage { get; init; }

    /// <summary>A hidden marker placed first (e.g. an HTML comment that finds the PR comment again). Trusted.</summary>
    public string? Marker { get; init; }
}

/// <summary>
/// Renders a <see cref="RunOutcome"/> as GitHub-flavoured markdown for the GitHub job summary, the PR comment and
/// the Azure Pipelines build summary. Host-neutral: it only sees the outcome and the options. Every untrusted
/// string (branch, commit message, job and step names, PR titles, environment names) goes through
/// <see cref="Markdown.Escape"/>; snippets go through <see cref="Markdown.CodeFence"/>.
/// </summary>
public static class SummaryRenderer
{
    private const string TruncatedNote = "\n\n_Pipewise cut this summary to stay within its size limit._\n";

    public static string Render(RunOutcome outcome, SummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        options ??= new SummaryOptions();
        var sections = new List<Section>();
        var h = new string('#', Math.Clamp(options.HeadingLevel, 1, 5));
        var h3 = h + "#";

        sections.Add(new Section(0, Header(outcome, options, h)));
        sections.Add(new Section(0, Reasons(outcome.Verdict)));
        sections.Add(new Section(1, ForecastTable(outcome, h3)));
        if (Notes(outcome) is { } notes)
        {
            sections.Add(new Section(1, notes));
        }

        if (Suggestions(outcome, options, h3) is { } suggestions)
        {
            sections.Add(new Section(2, suggestions));
        }

        if (Features(outcome.Verdict, h3) is { } features)
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

    private static string Reasons(GateVerdict v)
    {
        var sb = new StringBuilder("**Why:**\n");
        foreach (var r in v.Reasons.OrderByDescending(r => r.Severity))
        {
            sb.Append("- ").Append(VerdictLabel(r.Severity)).Append(" — ").Append(Markdown.Escape(r.Message)).Append('\n');
        }

        return sb.ToString();
    }

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

    private static string? Features(GateVerdict v, string h3)
    {
        if (v.TopFeatures.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" What moved the score most\n\n| feature | value | effect |\n|---|---|---|\n");
        foreach (var f in v.TopFeatures.Take(5))
        {
            sb.Append("| ").Append(Markdown.Escape(f.Feature))
                .Append(" | ").Append(f.Value.ToString("0.###", CultureInfo.InvariantCulture))
                .Append(" | ").Append(f.Effect.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        return sb.ToString();
    }

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

        if (points.Count < 2 && outcome.Forecast is null)
        {
            return null;
        }

        if (points.Count == 0)
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
        sb.Append(h3).Append(" Duration: recent runs vs forecast (minutes)\n\n");
        sb.Append("```mermaid\nxychart-beta\n");
        sb.Append("  x-axis [").Append(string.Join(", ", points.Select(p => "\"" + p.Label + "\""))).Append("]\n");
        sb.Append("  y-axis \"minutes\" 0 --> ").Append(Math.Ceiling(max * 1.1 + 0.01).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("  bar [").Append(string.Join(", ", minutes.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))).Append("]\n");
        if (outcome.Forecast is { } g)
        {
            var p50 = Math.Round(g.DurationP50Seconds / 60.0, 2).ToString("0.##", CultureInfo.InvariantCulture);
            var p90 = Math.Round(g.DurationP90Seconds / 60.0, 2).ToString("0.##", CultureInfo.InvariantCulture);
            sb.Append("  line [").Append(string.Join(", ", points.Select(_ => p50))).Append("]\n");
            sb.Append("  line [").Append(string.Join(", ", points.Select(_ => p90))).Append("]\n");
        }

        sb.Append("```\n\n");
        sb.Append(outcome.Forecast is null
            ? "Bars: actual durations."
            : "Bars: actual durations; lines: this run's forecast p50 and p90.");
        return sb.ToString();
    }

    // Labels are built only from numbers, so nothing untrusted reaches the mermaid block.
    private static string RunLabel(RunRecord r) =>
        r.Number is { } n ? "#" + n.ToString(CultureInfo.InvariantCulture)
        : long.TryParse(r.RunId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id.ToString(CultureInfo.InvariantCulture)
        : "run";

    private static string? Tests(RunRecord run)
    {
        if (run.Tests is not { } t)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"**Tests:** {N(t.Total)} total, {N(t.Passed)} passed, {N(t.Failed)} failed, {N(t.Skipped)} skipped, {N(t.Flaky)} flaky; {FormatDuration(t.DurationSeconds)}.");
    }

    private static string? Deployment(RunRecord run)
    {
        if (run.Deployment is not { } d)
        {
            return null;
        }

        return "**Deployment:** " + Markdown.Escape(d.Environment)
            + (d.Result is { } r ? " — " + r.ToString().ToLowerInvariant() : string.Empty)
            + " in " + FormatDuration(d.DurationSeconds ?? (d.StartedAt is { } s && d.FinishedAt is { } e && e >= s ? (e - s).TotalSeconds : null))
            + (d.Strategy is { Length: > 0 } st ? ", strategy " + Markdown.Escape(st) : string.Empty) + ".";
    }

    private static string? Resources(RunRecord run)
    {
        if (run.Resources is not { Count: > 0 } samples)
        {
            return null;
        }

        static string Stat(IEnumerable<double?> values, string unit)
        {
            var v = values.Where(x => x is not null).Select(x => x!.Value).ToList();
            return v.Count == 0
                ? "–"
                : string.Create(CultureInfo.InvariantCulture, $"avg {v.Average():0.#}{unit}, max {v.Max():0.#}{unit}");
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"**Runner resources** ({samples.Count} samples): CPU {Stat(samples.Select(s => s.CpuPercent), " %")}; memory {Stat(samples.Select(s => s.MemoryUsedMb), " MB")}; " +
            $"disk read {Stat(samples.Select(s => s.DiskReadMbPerSecond), " MB/s")}, write {Stat(samples.Select(s => s.DiskWriteMbPerSecond), " MB/s")}; " +
            $"network in {Stat(samples.Select(s => s.NetworkReceiveMbPerSecond), " MB/s")}, out {Stat(samples.Select(s => s.NetworkSendMbPerSecond), " MB/s")}.");
    }

    private static string? Jobs(RunRecord run, SummaryOptions options, string h3)
    {
        if (run.Jobs.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" Jobs\n\n| job | result | queued | duration | runner |\n|---|---|---|---|---|\n");
        foreach (var j in run.Jobs.OrderByDescending(j => j.DurationSeconds ?? 0).Take(Math.Max(1, options.MaxJobs)))
        {
            var queued = j.QueuedAt is { } q && j.StartedAt is { } s && s >= q ? (s - q).TotalSeconds : (double?)null;
            sb.Append("| ").Append(Markdown.Escape(j.Name))
                .Append(" | ").Append(j.Result is { } r ? r.ToString().ToLowerInvariant() : "running")
                .Append(" | ").Append(FormatDuration(queued))
                .Append(" | ").Append(FormatDuration(j.DurationSeconds))
                .Append(" | ").Append(Markdown.Escape(j.Runner ?? j.Os ?? string.Empty))
                .Append(" |\n");
        }

        if (run.Jobs.Count > options.MaxJobs)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"_{run.Jobs.Count - options.MaxJobs} shorter job(s) not shown._\n");
        }

        return sb.ToString();
    }

    private static string? Steps(RunRecord run, SummaryOptions options, string h3)
    {
        var steps = run.Jobs
            .SelectMany(j => j.Steps.Select(s => (Job: j.Name, Step: s)))
            .Where(x => x.Step.DurationSeconds is not null)
            .OrderByDescending(x => x.Step.DurationSeconds)
            .Take(Math.Max(1, options.MaxSteps))
            .ToList();
        if (steps.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append(h3).Append(" Slowest steps\n\n| job | step | result | duration |\n|---|---|---|---|\n");
        foreach (var (job, step) in steps)
        {
            sb.Append("| ").Append(Markdown.Escape(job))
                .Append(" | ").Append(Markdown.Escape(step.Name))
                .Append(" | ").Append(step.Result is { } r ? r.ToString().ToLowerInvariant() : "running")
                .Append(" | ").Append(FormatDuration(step.DurationSeconds))
                .Append(" |\n");
        }

        return sb.ToString();
    }

    private static string Footer(RunOutcome outcome) =>
        "<sub>Pipewise · verdict " + outcome.Verdict.Verdict.ToString().ToLowerInvariant()
        + " · model " + (outcome.Verdict.ModelVersion is { Length: > 0 } mv ? Markdown.Escape(mv) : "none")
        + "</sub>";

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private sealed record Section(int Priority, string Text);
}
