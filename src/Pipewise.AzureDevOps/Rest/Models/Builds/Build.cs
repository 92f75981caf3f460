using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>A build (Builds - Get).</summary>
public sealed record Build
{
    public int Id { get; init; }
    public string? BuildNumber { get; init; }
    public string? Uri { get; init; }
    public BuildStatus Status { get; init; }
    public BuildResult Result { get; init; }
    public DateTimeOffset? QueueTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public string? Reason { get; init; }
    public string? SourceBranch { get; init; }
    public string? SourceVersion { get; init; }
    public DefinitionReference? Definition { get; init; }
    public ProjectReference? Project { get; init; }
    public BuildRepository? Repository { get; init; }
    public AgentPoolQueue? Queue { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyDictionary<string, string>? TriggerInfo { get; init; }

    [JsonPropertyName("_links")]
    public JsonElement? Links { get; init; }

    /// <summary>The web page of the build (<c>_links.web.href</c>), when given.</summary>
    [JsonIgnore]
    public string? WebUrl =>
        Links is { ValueKind: JsonValueKind.Object } links
        && links.TryGetProperty("web", out var web) && web.ValueKind == JsonValueKind.Object
        && web.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String
            ? href.GetString()
            : null;
}
