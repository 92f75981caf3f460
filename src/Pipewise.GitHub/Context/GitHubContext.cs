using System.Globalization;

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
