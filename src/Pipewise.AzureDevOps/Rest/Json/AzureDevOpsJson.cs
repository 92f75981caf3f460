using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// JSON settings for the Azure DevOps REST API: camelCase names, enums parsed case-insensitively from strings or
/// numbers (unknown values read as the enum's default, <c>Unknown</c>), and the "not set" date
/// <c>0001-01-01T00:00:00</c> read as null.
/// </summary>
public static class AzureDevOpsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new TolerantEnumConverterFactory());
        options.Converters.Add(new AzureDateConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses an Azure DevOps date; the minimum date (year 1) and empty text mean "not set" (null).</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return null;
        }

        return value.Year <= 1 ? null : value;
    }

    /// <summary>Parses an enum case-insensitively; unknown or empty text gives null.</summary>
    public static TEnum? ParseEnum<TEnum>(string? text)
        where TEnum : struct, Enum =>
        !string.IsNullOrWhiteSpace(text) && !char.IsDigit(text[0]) && Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) ? value : null;
}
