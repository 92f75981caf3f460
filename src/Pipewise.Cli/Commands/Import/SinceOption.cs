using System.Globalization;

namespace Pipewise.Cli.Commands;

/// <summary>The <c>--since</c> value of an API import: an ISO-8601 date or time, or a number of days back (<c>30d</c>).</summary>
internal static class SinceOption
{
    /// <exception cref="FormatException">Neither form (the message says what was expected).</exception>
    public static DateTimeOffset? Parse(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 36_500)
        {
            return now - TimeSpan.FromDays(days);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        throw new FormatException($"--since '{text}': expected a date or time (ISO-8601, e.g. 2026-01-31) or a number of days back (e.g. 30d)");
    }
}
