using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Pipewise.Core.Runs;

namespace Pipewise.Hosting.Monitoring;

/// <summary>The sampler's output: one JSON <see cref="ResourceSample"/> per line in <c>samples.jsonl</c>.</summary>
public static class SamplesFile
{
    public const string Name = "samples.jsonl";

    /// <summary>At most this many samples are kept when reading, the newest (a 6 h job at 5 s is 4320).</summary>
    public const int MaxSamples = 5000;

    /// <summary>The line format: web names, nulls left out; source-generated, so it also works in the Native AOT tool.</summary>
    internal static JsonTypeInfo<ResourceSample> Json => SamplesJsonContext.Default.ResourceSample;

    /// <summary>Reads the samples; malformed lines (a line cut by a kill) are skipped. Null when there are none.</summary>
    public static IReadOnlyList<ResourceSample>? Read(string directory)
    {
        var path = Path.Combine(directory, Name);
        if (!File.Exists(path))
        {
            return null;
        }

        var list = new List<ResourceSample>();
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            try
            {
                if (JsonSerializer.Deserialize<ResourceSample>(line, Json) is { } sample)
                {
                    list.Add(sample);
                }
            }
            catch (JsonException)
            {
            }
        }

        return list.Count == 0 ? null : list.Count > MaxSamples ? list[^MaxSamples..] : list;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceSample))]
internal sealed partial class SamplesJsonContext : JsonSerializerContext;
