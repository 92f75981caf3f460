using System.Text.Json.Serialization;

namespace Pipewise.Storage;

/// <summary>The JSON shape of <see cref="SegmentHead"/> (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SegmentHead))]
internal sealed partial class SegmentJsonContext : JsonSerializerContext;
