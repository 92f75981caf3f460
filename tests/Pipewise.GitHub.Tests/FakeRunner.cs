using Pipewise.Core.Hosting;
using Pipewise.GitHub;
using Pipewise.GitHub.Api;

namespace Pipewise.GitHub.Tests;

/// <summary>A simulated runner step: temp RUNNER_TEMP with env files, an event payload, and the GITHUB_* variables.</summary>
internal sealed class FakeRunner : IDisposable
{
    public const string Token = "ghs_TESTTOKEN0123456789abcdefSECRET";

    public FakeRunner(string owner = "octo-org", string repo = "octo-repo", long runId = 30433642, int attempt = 1, string eventName = "push", string? eventJson = null)
    {
        Root = Directory.CreateTempSubdirectory("pipewise-gh-").FullName;
        var temp = Path.Combine(Root, "_temp");
        var commands = Path.Combine(temp, "_runner_file_commands");
        Directory.CreateDirectory(commands);
        Directory.CreateDirectory(Path.Combine(temp, "_github_workflow"));
        Workspace = Path.Combine(Root, "work");
        Directory.CreateDirectory(Workspace);
        OutputPath = Path.Combine(commands, "set_output_" + Guid.NewGuid().ToString("D"));
        SummaryPath = Path.Combine(commands, "step_summary_" + Guid.NewGuid().ToString("D"));
        File.WriteAllText(OutputPath, string.Empty);
        File.WriteAllText(SummaryPath, string.Empty);
        EventPath = Path.Combine(temp, "_github_workflow", "event.json");
        File.WriteAllText(EventPath, eventJson ?? "{\"repository\":{\"default_branch\":\"main\"},\"head_commit\":{\"message\":\"Create linter.yaml\"}}");
        Env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REPOSITORY"] = $"{owner}/{repo}",
            ["GITHUB_RUN_ID"] = runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GITHUB_RUN_ATTEMPT"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = EventPath,
            ["GITHUB_SHA"] = "acb5820ced9479c074f688cc328bf03f341a511d",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_API_URL"] = "https://api.github.com",
            ["GITHUB_WORKSPACE"] = Workspace,
            ["GITHUB_OUTPUT"] = OutputPath,
            ["GITHUB_STEP_SUMMARY"] = SummaryPath,
            ["RUNNER_TEMP"] = temp,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_NAME"] = "my runner",
        };
    }

    public string Root { get; }
    public string Workspace { get; }
    public string OutputPath { get; }
    public string SummaryPath { get; }
    public string EventPath { get; }
    public Dictionary<string, string?> Env { get; }
    public StringWriter Log { get; } = new();

    public RunHostSettings Settings(Uri api, string? token = Token, bool postStatus = true, bool postComment = true, string? tests = null, string? commentAuthor = null) => new()
    {
        CommentAuthor = commentAuthor,
        Environment = Env,
        Token = token,
        ApiBaseUrl = api,
        Output = Log,
        PostStatus = postStatus,
        PostComment = postComment,
        TestResultsGlob = tests,
    };

    public GitHubRunHost Host(Uri api, string? token = Token, bool postStatus = true, bool postComment = true, string? tests = null, GitHubApiOptions? apiOptions = null, TimeProvider? time = null, string? commentAuthor = null) =>
        GitHubRunHost.Create(
            Settings(api, token, postStatus, postComment, tests, commentAuthor),
            new GitHubHostOptions
            {
                Api = apiOptions ?? FastApi,
                Time = time ?? TimeProvider.System,
                MonitorDirectory = Path.Combine(Root, "_temp", "pipewise-monitor"),
            });

    public static GitHubApiOptions FastApi { get; } = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxRateLimitWait = TimeSpan.FromSeconds(5),
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
