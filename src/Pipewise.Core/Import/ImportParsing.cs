using System.Globalization;

namespace Pipewise.Core.Import;

/// <summary>Value parsing shared by the importers. Each returns null for an empty value and throws FormatException for a bad one.</summary>
internal static class ImportParsing
{
    /// <summary>Unix times at or above this magnitude are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).</summary>
    public const double MillisecondsThreshold = 100_000_000_000;

    private const double MinUnixSeconds = -62_135_596_800;
    private const double MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Parses a time: ISO-8601 (or "… UTC"), or a Unix time in seconds or milliseconds, with or without a fraction,
    /// told apart by magnitude (≥ 1e11 is milliseconds). <paramref name="format"/> forces one reading.
    /// </summary>
    public static DateTimeOffset? Time(string value, string field, TimeFormat? format = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        var kind = format ?? TimeFormat.Auto;
        if (kind.Custom is { } custom)
        {
            if (DateTimeOffset.TryParseExact(value, custom, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
            {
                return exact;
            }

            throw new FormatException($"field '{field}': expected a time of the form '{Clip(custom)}' (--time-format), found '{Clip(value)}'");
        }

        var numeric = value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.') &&
            double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
        if (kind.Name is "unix" or "unix-ms" || (kind.Name == "auto" && numeric))
        {
            return Epoch(value, field, kind.Name);
        }

        if (value.EndsWith(" UTC", StringComparison.Ordinal))
        {
            value = value[..^4] + "Z";
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }

        throw new FormatException(kind.Name == "iso"
            ? $"field '{field}': expected an ISO-8601 time (--time-format iso), found '{Clip(value)}'"
            : $"field '{field}': expected an ISO-8601 time or a Unix time (seconds, or milliseconds from 1e11 up), found '{Clip(value)}'");
    }

    private static DateTimeOffset Epoch(string value, string field, string kind)
    {
        if (!double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new FormatException($"field '{field}': expected a Unix time ({(kind == "unix-ms" ? "milliseconds" : "seconds")}), found '{Clip(value)}'");
        }

        var milliseconds = kind == "unix-ms" || (kind == "auto" && Math.Abs(number) >= MillisecondsThreshold);
        var seconds = milliseconds ? number / 1000 : number;
        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            throw new FormatException($"field '{field}': the Unix time '{Clip(value)}' ({(milliseconds ? "milliseconds" : "seconds")}) is outside the years 1–9999");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    /// <summary>A start plus a duration, or FormatException when the end is past the year 9999.</summary>
    public static DateTimeOffset AddSeconds(DateTimeOffset start, double seconds, string field)
    {
        if (!double.IsFinite(seconds) || seconds > (DateTimeOffset.MaxValue - start).TotalSeconds || seconds < (DateTimeOffset.MinValue - start).TotalSeconds)
        {
            throw new FormatException($"field '{field}': {seconds.ToString("G6", CultureInfo.InvariantCulture)} s after {start:O} is past the year 9999");
        }

        return start.AddSeconds(seconds);
    }

    public static double? Number(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        throw new FormatException($"field '{field}': expected a number, found '{Clip(value)}'");
    }

    public static int? Int(string value, string field)
    {
        var d = Number(value, field);
        if (d is null)
        {
            return null;
        }

        if (d < 0 || d > int.MaxValue || Math.Abs(d.Value - Math.Round(d.Value)) > 1e-9)
        {
            throw new FormatException($"field '{field}': expected a whole number ≥ 0, found '{Clip(value)}'");
        }

        return (int)Math.Round(d.Value);
    }

    public static long? Long(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        throw new FormatException($"field '{field}': expected an integer, found '{Clip(value)}'");
    }

    /// <summary>Normalises the trigger names of the providers to push, pull_request, schedule, manual, api, other.</summary>
    public static string? Event(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "push" or "individualci" or "batchedci" or "ci" => "push",
            "pull_request" or "pull_request_target" or "pullrequest" or "pr" or "merge_request_event" or "merge_request" => "pull_request",
            "cron" or "schedule" or "scheduled" or "timer" => "schedule",
            "manual" or "workflow_dispatch" or "web" or "user" => "manual",
            "api" or "trigger" or "repository_dispatch" or "pipeline" => "api",
            var other => other,
        };
    }

    public static string Clip(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
