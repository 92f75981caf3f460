namespace Pipewise.Core.Import;

/// <summary>
/// How an importer reads time values: <c>auto</c> (ISO-8601, or a Unix time whose magnitude tells seconds from
/// milliseconds), <c>iso</c>, <c>unix</c> (seconds, fraction allowed), <c>unix-ms</c>, or a .NET custom format
/// string such as <c>yyyy-MM-dd HH:mm:ss</c> (read as UTC).
/// </summary>
public sealed record TimeFormat
{
    private TimeFormat(string name, string? custom)
    {
        Name = name;
        Custom = custom;
    }

    public static TimeFormat Auto { get; } = new("auto", null);

    /// <summary>auto, iso, unix, unix-ms or custom.</summary>
    public string Name { get; }

    /// <summary>The custom format string, when <see cref="Name"/> is custom.</summary>
    public string? Custom { get; }

    /// <summary>Parses a --time-format value. Throws FormatException for an empty one.</summary>
    public static TimeFormat Parse(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new FormatException("--time-format: expected auto, iso, unix, unix-ms or a custom format such as 'yyyy-MM-dd HH:mm:ss'");
        }

        return value.ToLowerInvariant() switch
        {
            "auto" => Auto,
            "iso" or "iso-8601" or "iso8601" => new TimeFormat("iso", null),
            "unix" or "unix-s" or "unix-seconds" or "epoch" => new TimeFormat("unix", null),
            "unix-ms" or "unix-milliseconds" or "epoch-ms" => new TimeFormat("unix-ms", null),
            _ => new TimeFormat("custom", value),
        };
    }
}
