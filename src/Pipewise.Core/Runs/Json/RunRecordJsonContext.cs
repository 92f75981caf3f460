using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.Core.Runs;

/// <summary>System.Text.Json source-generated metadata for the RunRecord schema.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(List<RunRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
public sealed partial class RunRecordJsonContext : JsonSerializerContext;
