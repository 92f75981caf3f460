using System.Text.Json;

namespace Pipewise.Core.Import;

/// <summary>Typed reads of GitHub REST JSON that name the JSON path and what was expected when a value is wrong.</summary>
internal static class GitHubJson
{
    public static FormatException Missing(string at, string name, string expected) =>
        new($"field '{at}.{name}': required but missing or null (expected {expected})");

    public static FormatException Wrong(string at, string name, string expected, JsonElement found) =>
        new($"field '{at}.{name}': expected {expected}, found {Kind(found)}");

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{ImportParsing.Clip(e.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {ImportParsing.Clip(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };

    public static JsonElement Required(JsonElement e, string name, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.Object ? v : throw Wrong(at, name, "an object", v))
            : throw Missing(at, name, "an object");

    public static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? Str(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(at, name, "a string", v))
        : null;

    public static long? Long(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw Wrong(at, name, "an integer (64-bit)", v))
        : null;

    public static int? Int(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Wrong(at, name, "an integer (32-bit)", v))
        : null;

    public static DateTimeOffset? Time(JsonElement e, string name, string at) =>
        Str(e, name, at) is { } s ? ImportParsing.Time(s, at + "." + name) : null;
}
