using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.Core.Runs;

/// <summary>Reads and writes RunRecords as JSON, with errors that name the record and the field.</summary>
public static class RunRecordJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RunRecordJsonContext.Default.Options)
        {
            TypeInfoResolver = RunRecordJsonContext.Default,
        };
        options.Converters.Add(new JsonStringEnumConverter<RunResult>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<RunRecord> RecordInfo =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<RunRecord>)Options.GetTypeInfo(typeof(RunRecord));

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<RunRecord>> ListInfo =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<RunRecord>>)Options.GetTypeInfo(typeof(List<RunRecord>));

    public static byte[] Serialize(RunRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RecordInfo);

    public static string SerializeList(IReadOnlyList<RunRecord> records, bool indented = false)
    {
        var list = records as List<RunRecord> ?? [.. records];
        if (!indented)
        {
            return JsonSerializer.Serialize(list, ListInfo);
        }

        var opts = new JsonSerializerOptions(Options) { WriteIndented = true };
        return JsonSerializer.Serialize(list, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<RunRecord>>)opts.GetTypeInfo(typeof(List<RunRecord>)));
    }

    /// <summary>Parses and validates one record. <paramref name="source"/> names where it came from (file, blob).</summary>
    /// <exception cref="RunRecordFormatException">The JSON is malformed or a field is invalid.</exception>
    public static RunRecord Deserialize(ReadOnlySpan<byte> json, string source)
    {
        RunRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(json, RecordInfo);
        }
        catch (JsonException ex)
        {
            throw new RunRecordFormatException(source, ex.Path ?? "$", Describe(ex), ex);
        }

        if (record is null)
        {
            throw new RunRecordFormatException(source, "$", "expected a JSON object, found null");
        }

        RunRecordValidator.ThrowIfInvalid(record, source);
        return record;
    }

    public static IReadOnlyList<RunRecord> DeserializeList(ReadOnlySpan<byte> json, string source)
    {
        List<RunRecord>? list;
        try
        {
            list = JsonSerializer.Deserialize(json, ListInfo);
        }
        catch (JsonException ex)
        {
            throw new RunRecordFormatException(source, ex.Path ?? "$", Describe(ex), ex);
        }

        if (list is null)
        {
            throw new RunRecordFormatException(source, "$", "expected a JSON array of run records, found null");
        }

        for (var i = 0; i < list.Count; i++)
        {
            RunRecordValidator.ThrowIfInvalid(list[i], $"{source}[{i}]");
        }

        return list;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json messages name the CLR type; keep the first sentence, which says what was wrong.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
