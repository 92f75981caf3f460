using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

            // Source-generated metadata only (no reflection): the Native AOT tool has no reflection-based serializer.
            TypeInfoResolver = AzureDevOpsJsonContext.Default,
        };
        options.Converters.Add(new TolerantEnumConverterFactory());
        options.Converters.Add(new AzureDateConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/>; a type missing from <see cref="AzureDevOpsJsonContext"/> is a bug, named.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)TypeInfo(typeof(T));

    /// <summary>The metadata of <paramref name="type"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo TypeInfo(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Options.TryGetTypeInfo(type, out var info)
            ? info
            : throw new NotSupportedException($"{type.Name} is not in AzureDevOpsJsonContext: add [JsonSerializable(typeof({type.Name}))] to it.");
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

/// <summary>Every type the REST client reads or writes (answers, request bodies and the values inside them).</summary>
[JsonSerializable(typeof(Build))]
[JsonSerializable(typeof(Timeline))]
[JsonSerializable(typeof(ListResponse<Build>))]
[JsonSerializable(typeof(ListResponse<TestRun>))]
[JsonSerializable(typeof(ListResponse<TestCaseResult>))]
[JsonSerializable(typeof(Release))]
[JsonSerializable(typeof(ListResponse<Deployment>))]
[JsonSerializable(typeof(ListResponse<GitPullRequestIteration>))]
[JsonSerializable(typeof(GitPullRequestStatus))]
[JsonSerializable(typeof(ConnectionData))]
[JsonSerializable(typeof(ListResponse<CommentThread>))]
[JsonSerializable(typeof(CommentThread))]
[JsonSerializable(typeof(Comment))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, object>[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class AzureDevOpsJsonContext : JsonSerializerContext;
