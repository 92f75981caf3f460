using System.Globalization;

namespace Pipewise.Core.Import;

/// <summary>Value parsing shared by the importers. Each returns null for an empty value and throws FormatException for a bad one.</summary>
internal static class ImportParsing
{
    public static DateTimeOffset? Time(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            // Unix seconds or milliseconds.
            return epoch > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        if (value.EndsWith(" UTC", StringComparison.Ordinal))
        {
            value = value[..^4] + "Z";
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }

        throw new FormatException($"field '{field}': expected an ISO-8601 time or Unix seconds, found '{Clip(value)}'");
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
