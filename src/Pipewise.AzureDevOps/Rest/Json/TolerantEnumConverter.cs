using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>Reads an enum from a name (any case) or a number; an unknown value reads as the default (<c>Unknown</c>). Writes camelCase names.</summary>
internal sealed class TolerantEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString();
                return AzureDevOpsJson.ParseEnum<TEnum>(text) ?? default;
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                var value = (TEnum)Enum.ToObject(typeof(TEnum), number);
                return Enum.IsDefined(value) ? value : default;
            default:
                return default;
        }
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        var name = value.ToString();
        writer.WriteStringValue(char.ToLowerInvariant(name[0]) + name[1..]);
    }
}
