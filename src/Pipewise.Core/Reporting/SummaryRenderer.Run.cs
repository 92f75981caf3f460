using System.Globalization;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Reporting;

/// <summary>The sections about the run itself: tests, deployment, resources, jobs and slowest steps.</summary>
public static partial class SummaryRenderer
{
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

    /// <summary>A count, or "n/a" when the provider did not report it.</summary>
    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
}
