using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Commands;

/// <summary>Runs as a plain-text table for the terminal: one line per run, untrusted text made harmless.</summary>
internal static class RunsTable
{
    public static void Write(PipelineKey key, IReadOnlyList<RunRecord> runs)
    {
        Console.WriteLine($"{key} — last {runs.Count} run(s)");
        var rows = new List<string[]> { new[] { "run", "att", "started (UTC)", "duration", "result", "event", "branch", "tests (failed/total)" } };
        foreach (var r in runs)
        {
            rows.Add(
            [
                r.RunId,
                r.Attempt.ToString(CultureInfo.InvariantCulture),
                r.StartedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                r.EffectiveDurationSeconds is { } d ? FormatDuration(d) : "-",
                r.Result?.ToString().ToLowerInvariant() ?? "-",
                r.Event ?? "-",
                Clip(Sanitize(r.Branch ?? "-"), 30),
                r.Tests is { } t ? $"{t.Failed?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}/{t.Total?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}" : "-",
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static string FormatDuration(double seconds) =>
        seconds >= 3600 ? string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m")
        : seconds >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s");

    /// <summary>Removes control characters (an escape sequence in a branch name must not drive the terminal).</summary>
    public static string Sanitize(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
