using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipewise.GateService;

/// <summary>The content of a replay document: <c>{"seen":true,"at":"&lt;ISO 8601 UTC&gt;"}</c>.</summary>
internal static class ReplayMark
{
    public static byte[] Serialize(DateTimeOffset at) =>
        Encoding.UTF8.GetBytes($"{{\"seen\":true,\"at\":\"{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\"}}");

    /// <summary>When the document was written; null when it does not say (an earlier version's) or is not JSON.</summary>
    public static DateTimeOffset? WrittenAt(byte[] content)
    {
        try
        {
            using var json = JsonDocument.Parse(content);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("at", out var at)
                && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
