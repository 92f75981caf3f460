using System.Text.Json.Serialization;

namespace Pipewise.Agent.Learning;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(QTableDocument))]
internal sealed partial class QTableJsonContext : JsonSerializerContext;
