using System.Globalization;
using System.Text.Json;

namespace Pipewise.GitHub;

/// <summary>What the runner tells a step through its environment (GITHUB_*, RUNNER_*), read once.</summary>
public sealed record GitHubContext
{
    public required string Owner { get; init; }
    public required string Repo { get; init; }
    public required long RunId { get; init; }
    public int RunAttempt { get; init; } = 1;
    public required Uri ApiUrl { get; init; }
    public Uri ServerUrl { get; init; } = new("https://github.com");
    public string? EventName { get; init; }
    public string? EventPath { get; init; }
    public string? Sha { get; init; }
    public string? RefName { get; init; }
    public string? HeadRef { get; init; }
    public string? WorkflowRef { get; init; }
    public string? Job { get; init; }
    public string? Workspace { get; init; }
    public string? RunnerTemp { get; init; }
    public string? RunnerName { get; init; }
    public string? RunnerOs { get; init; }
    public string? OutputPath { get; init; }
    public string? StepSummaryPath { get; init; }

    /// <summary>Link to the run attempt in the web UI.</summary>
    public Uri RunUrl => new(ServerUrl, $"{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Repo)}/actions/runs/{RunId.ToString(CultureInfo.InvariantCulture)}"
        + (RunAttempt > 1 ? $"/attempts/{RunAttempt.ToString(CultureInfo.InvariantCulture)}" : string.Empty));

    /// <summary>Reads the context; <paramref name="apiOverride"/> wins over GITHUB_API_URL. Throws a clear error naming the missing variable.</summary>
    public static GitHubContext FromEnvironment(IReadOnlyDictionary<string, string?> env, Uri? apiOverride = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        string Require(string name, string what) =>
            Get(name) ?? throw new GitHubConfigurationException($"{name} is not set: Pipewise needs {what}. Run it as a step of a GitHub Actions job (or set {name}).");

        var repository = Require("GITHUB_REPOSITORY", "the repository as owner/name");
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == repository.Length - 1 || repository.IndexOf('/', slash + 1) >= 0)
        {
            throw new GitHubConfigurationException($"GITHUB_REPOSITORY is '{repository}', expected owner/name.");
        }

        var runIdText = Require("GITHUB_RUN_ID", "the workflow run id");
        if (!long.TryParse(runIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var runId) || runId <= 0)
        {
            throw new GitHubConfigurationException($"GITHUB_RUN_ID is '{runIdText}', expected a positive whole number.");
        }

        var attempt = 1;
        if (Get("GITHUB_RUN_ATTEMPT") is { } attemptText
            && (!int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt <= 0))
        {
            throw new GitHubConfigurationException($"GITHUB_RUN_ATTEMPT is '{attemptText}', expected a positive whole number.");
        }

        var api = apiOverride ?? ParseUrl(Get("GITHUB_API_URL"), "GITHUB_API_URL") ?? new Uri("https://api.github.com");
        var server = ParseUrl(Get("GITHUB_SERVER_URL"), "GITHUB_SERVER_URL") ?? new Uri("https://github.com");

        return new GitHubContext
        {
            Owner = repository[..slash],
            Repo = repository[(slash + 1)..],
            RunId = runId,
            RunAttempt = attempt,
            ApiUrl = WithSlash(api),
            ServerUrl = WithSlash(server),
            EventName = Get("GITHUB_EVENT_NAME"),
            EventPath = Get("GITHUB_EVENT_PATH"),
            Sha = Get("GITHUB_SHA"),
            RefName = Get("GITHUB_REF_NAME"),
            HeadRef = Get("GITHUB_HEAD_REF"),
            WorkflowRef = Get("GITHUB_WORKFLOW_REF"),
            Job = Get("GITHUB_JOB"),
            Workspace = Get("GITHUB_WORKSPACE"),
            RunnerTemp = Get("RUNNER_TEMP"),
            RunnerName = Get("RUNNER_NAME"),
            RunnerOs = Get("RUNNER_OS"),
            OutputPath = Get("GITHUB_OUTPUT"),
            StepSummaryPath = Get("GITHUB_STEP_SUMMARY"),
        };
    }

    private static Uri? ParseUrl(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new GitHubConfigurationException($"{name} is '{text}', expected an absolute http(s) URL.");
        }

        return uri;
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}

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

/// <summary>The runner environment is missing or malformed (a variable, the event file).</summary>
public sealed class GitHubConfigurationException(string message) : Exception(message);
