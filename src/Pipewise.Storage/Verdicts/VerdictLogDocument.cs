using System.Text.Json;
using System.Text.Json.Serialization;
using Pipewise.Core.Gate;

namespace Pipewise.Storage.Verdicts;

/// <summary>The stored verdict log of one pipeline (<c>verdicts/&lt;pipeline&gt;.json</c>).</summary>
public sealed record VerdictLogDocument
{
    public int SchemaVersion { get; init; } = 1;
    public required string Pipeline { get; init; }
    public List<VerdictRecord> Verdicts { get; init; } = [];
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(VerdictLogDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class VerdictJsonContext : JsonSerializerContext;
