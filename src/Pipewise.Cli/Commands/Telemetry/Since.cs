using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Commands.Telemetry;

/// <summary><c>--since</c>: a UTC date (yyyy-MM-dd) or a number of days before each pipeline's newest stored run (<c>30d</c>).</summary>
internal sealed record Since(DateTimeOffset? Date, int? Days)
{
    public static Since? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return new Since(null, days);
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? new Since(date, null)
            : throw new FormatException($"--since must be a date (yyyy-MM-dd) or a number of days (e.g. 30d), not '{text}'.");
    }

    public DateTimeOffset? From(IReadOnlyList<RunRecord> runs) =>
        Date ?? (runs.Select(r => r.StartedAt ?? r.QueuedAt).Where(t => t is not null).Max() is { } newest ? newest.AddDays(-Days!.Value) : null);
}
