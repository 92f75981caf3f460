using System.Globalization;
using System.Text.Json;

namespace Pipewise.Core.Gate;

/// <summary>
/// Reads a gate policy file: a JSON object (comments and trailing commas allowed) whose keys are the names of the
/// command-line options, e.g.
/// <code>
/// { "mode": "enforce", "failure-warn": 0.4, "failure-fail": 0.7, "anomaly-warn": 2, "anomaly-fail": 4,
///   "max-failed-tests": 0, "max-flaky-tests": 2, "fail-closed": false }
/// </code>
/// Every key is optional; absent keys keep the value of <c>defaults</c>. Unknown keys are errors (a typo must not
/// silently loosen a gate). Errors name the file, the field and what was expected.
/// </summary>
public static class GatePolicyFile
{
    /// <summary>The keys a policy file may hold.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["mode", "failure-warn", "failure-fail", "anomaly-warn", "anomaly-fail", "max-failed-tests", "max-flaky-tests", "fail-closed"];

    /// <exception cref="GatePolicyFileException">The file is missing, not JSON, or a field is invalid.</exception>
    public static GatePolicyOptions Load(string path, GatePolicyOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatePolicyFileException(path, "$", $"a readable policy file ({ex.Message})", ex);
        }

        return Parse(text, path, defaults);
    }

    /// <summary>Parses policy JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="GatePolicyFileException">Not JSON, or a field is invalid.</exception>
    public static GatePolicyOptions Parse(string json, string source, GatePolicyOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var options = defaults ?? new GatePolicyOptions();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new GatePolicyFileException(source, ex.Path ?? "$", $"valid JSON (line {(ex.LineNumber ?? 0) + 1}: {FirstSentence(ex.Message)})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new GatePolicyFileException(source, "$", $"a JSON object of policy fields, found {document.RootElement.ValueKind}");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                options = property.Name switch
                {
                    "mode" => options with { Mode = ParseMode(source, value) },
                    "failure-warn" => options with { FailureWarn = Number(source, property.Name, value, 0, 1) },
                    "failure-fail" => options with { FailureFail = Number(source, property.Name, value, 0, 1) },
                    "anomaly-warn" => options with { AnomalyWarn = Number(source, property.Name, value, 0, 1000) },
                    "anomaly-fail" => options with { AnomalyFail = Number(source, property.Name, value, 0, 1000) },
                    "max-failed-tests" => options with { MaxFailedTests = Count(source, property.Name, value) },
                    "max-flaky-tests" => options with { MaxFlakyTests = Count(source, property.Name, value) },
                    "fail-closed" => options with { FailClosed = Bool(source, property.Name, value) },
                    _ => throw new GatePolicyFileException(source, property.Name, $"one of the known fields ({string.Join(", ", Fields)}); this field is unknown"),
                };
            }
        }

        if (options.Validate() is { } problem)
        {
            throw new GatePolicyFileException(source, "$", $"consistent thresholds: {problem}");
        }

        return options;
    }

    /// <summary>Parses a mode name: advise, enforce, dry-run (also dryrun); case-insensitive.</summary>
    public static bool TryParseMode(string? text, out GateMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "advise": mode = GateMode.Advise; return true;
            case "enforce": mode = GateMode.Enforce; return true;
            case "dry-run" or "dryrun": mode = GateMode.DryRun; return true;
            default: mode = GateMode.Advise; return false;
        }
    }

    /// <summary>The canonical text of a mode: advise, enforce, dry-run.</summary>
    public static string ModeName(GateMode mode) => mode switch
    {
        GateMode.Enforce => "enforce",
        GateMode.DryRun => "dry-run",
        _ => "advise",
    };

    private static GateMode ParseMode(string source, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && TryParseMode(value.GetString(), out var mode)
            ? mode
            : throw new GatePolicyFileException(source, "mode", $"\"advise\", \"enforce\" or \"dry-run\", found {Show(value)}");

    private static double Number(string source, string field, JsonElement value, double min, double max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || double.IsNaN(d) || d < min || d > max)
        {
            throw new GatePolicyFileException(source, field,
                string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}, found {Show(value)}"));
        }

        return d;
    }

    private static int Count(string source, string field, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) && i >= 0
            ? i
            : throw new GatePolicyFileException(source, field, $"a whole number ≥ 0, found {Show(value)}");

    private static bool Bool(string source, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new GatePolicyFileException(source, field, $"true or false, found {Show(value)}"),
    };

    private static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
