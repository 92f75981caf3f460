using System.Text.Json;
using System.Text.Json.Serialization;
using Pipewise.Core.Gate;

namespace Pipewise.Storage.Verdicts;

/// <summary>The JSON shape of the stored verdict log (camelCase, string enums, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(VerdictLogDocument))]
[JsonSerializable(typeof(VerdictLogHead))]
[JsonSerializable(typeof(VerdictSegment))]
[JsonSerializable(typeof(VerdictRecord))]
[JsonSerializable(typeof(string))]
internal sealed partial class VerdictJsonContext : JsonSerializerContext;
