using System.Text.Json;

namespace Pipewise.GitHub;

/// <summary>The parts of the triggering event payload (GITHUB_EVENT_PATH) that Pipewise uses.</summary>
public sealed record GitHubEventPayload
{
    public string? DefaultBranch { get; init; }
    public int? PullRequestNumber { get; init; }
    public string? PullRequestTitle { get; init; }
    public string? PullRequestHeadSha { get; init; }
    public string? PullRequestHeadRef { get; init; }
    public string? HeadCommitMessage { get; init; }

    public static GitHubEventPayload Empty { get; } = new();

    /// <summary>Reads the payload file; a missing path gives <see cref="Empty"/>, a malformed file a clear error.</summary>
    public static GitHubEventPayload Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return Empty;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            return From(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new GitHubConfigurationException($"The event payload '{path}' (GITHUB_EVENT_PATH) is not valid JSON: {ex.Message}");
        }
    }

    public static GitHubEventPayload From(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        var pr = Obj(root, "pull_request");
        return new GitHubEventPayload
        {
            DefaultBranch = Str(Obj(root, "repository"), "default_branch"),
            PullRequestNumber = pr is { } p && p.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var num) ? num : null,
            PullRequestTitle = Str(pr, "title"),
            PullRequestHeadSha = Str(Obj(pr, "head"), "sha"),
            PullRequestHeadRef = Str(Obj(pr, "head"), "ref"),
            HeadCommitMessage = Str(Obj(root, "head_commit"), "message") ?? Str(Obj(Obj(root, "workflow_run"), "head_commit"), "message"),
        };
    }

    private static JsonElement? Obj(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
