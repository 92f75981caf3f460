using System.Text.Json;
using System.Text.RegularExpressions;
using Pipewise.Testing;

namespace Pipewise.Hosting.Tests;

/// <summary>
/// A simulated job on each platform: a temp folder with a workspace and the runner's temp folder, the variables each
/// runner sets, and its REST API replayed from the providers' published examples under ../shared/fixtures.
/// </summary>
internal static partial class HostJobs
{
    public const string GitHubToken = "ghs_CROSSHOSTTEST0123456789secret";

    /// <summary>GITHUB_* variables of a push run whose GitHub API is <paramref name="api"/>.</summary>
    public static Dictionary<string, string?> GitHub(TempDir dir, Uri api) => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_REPOSITORY"] = "octo-org/octo-repo",
        ["GITHUB_RUN_ID"] = "30433642",
        ["GITHUB_RUN_ATTEMPT"] = "1",
        ["GITHUB_EVENT_NAME"] = "push",
        ["GITHUB_EVENT_PATH"] = dir.Write("_temp/_github_workflow/event.json", "{\"repository\":{\"default_branch\":\"main\"}}"),
        ["GITHUB_SHA"] = "acb5820ced9479c074f688cc328bf03f341a511d",
        ["GITHUB_API_URL"] = api.AbsoluteUri,
        ["GITHUB_WORKSPACE"] = Path.Combine(dir.Path, "work"),
        ["GITHUB_OUTPUT"] = dir.Write("_temp/_runner_file_commands/set_output", string.Empty),
        ["GITHUB_STEP_SUMMARY"] = dir.Write("_temp/_runner_file_commands/step_summary", string.Empty),
        ["RUNNER_TEMP"] = Path.Combine(dir.Path, "_temp"),
        ["INPUT_TOKEN"] = GitHubToken,
    };

    /// <summary>The predefined variables of build 391 of definition 25, with the job token in the SystemVssConnection endpoint.</summary>
    public static Dictionary<string, string?> Azure(TempDir dir, Uri collection) => new()
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = collection.AbsoluteUri,
        ["SYSTEM_TEAMPROJECT"] = "Fabrikam-Fiber-Git",
        ["SYSTEM_HOSTTYPE"] = "build",
        ["SYSTEM_DEFINITIONID"] = "25",
        ["BUILD_BUILDID"] = "391",
        ["SYSTEM_JOBATTEMPT"] = "1",
        ["SYSTEM_DEFAULTWORKINGDIRECTORY"] = Path.Combine(dir.Path, "work"),
        ["AGENT_TEMPDIRECTORY"] = Path.Combine(dir.Path, "_temp"),
        ["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjcm9zcyJ9.c2lnbmF0dXJlLWNyb3NzLWhvc3Q",
    };

    /// <summary>The GitHub run endpoints the collector reads.</summary>
    public static ReplayServer MapGitHubRun(this ReplayServer server)
    {
        var run = "/repos/octo-org/octo-repo/actions/runs/30433642";
        ReplayResponse F(string name) => ReplayResponse.File(SharedFiles.Require("fixtures/github/rest/" + name));
        server.Map("GET", run, F("actions-get-workflow-run.json"));
        server.Map("GET", run + "/attempts/{n}/jobs", F("actions-list-jobs-for-workflow-run.json"));
        server.Map("GET", run + "/artifacts", F("actions-list-workflow-run-artifacts.json"));
        server.Map("GET", run + "/timing", F("actions-get-workflow-run-usage.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments", F("repos-list-deployments.json"));
        server.Map("GET", "/repos/octo-org/octo-repo/deployments/{id}/statuses", F("repos-list-deployment-statuses.json"));
        return server;
    }

    /// <summary>The Azure DevOps build endpoints the collector reads (under /fabrikam/), test runs included.</summary>
    public static ReplayServer MapAzureBuild(this ReplayServer server)
    {
        var p = "/fabrikam/Fabrikam-Fiber-Git/_apis/";
        server.Map("GET", $"{p}build/builds/391", AzureFixture("build-builds-get.json"));
        server.Map("GET", $"{p}build/builds/391/timeline", AzureFixture("build-timeline-get.json"));
        server.Map("GET", $"{p}test/runs", AzureFixture("test-runs-list-include-run-details.json"));
        server.Map("GET", $"{p}test/Runs/{{runId}}/results", AzureFixture("test-results-list.json"));
        return server;
    }

    /// <summary>GITHUB_OUTPUT's single-line entries.</summary>
    public static Dictionary<string, string> GitHubOutputs(string path) =>
        File.ReadAllLines(path).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>The output variables an Azure Pipelines log sets (<c>task.setvariable … isOutput=true</c>).</summary>
    public static Dictionary<string, string> AzureOutputs(string log) =>
        SetVariable().Matches(log).ToDictionary(m => m.Groups["name"].Value, m => Unescape(m.Groups["value"].Value));

    /// <summary>The agent's unescaping of a command's data (<c>%AZP25</c> last, so it cannot make new escapes).</summary>
    private static string Unescape(string data) => data
        .Replace("%3B", ";", StringComparison.Ordinal).Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal)
        .Replace("%5D", "]", StringComparison.Ordinal).Replace("%AZP25", "%", StringComparison.Ordinal);

    [GeneratedRegex(@"^##vso\[task\.setvariable variable=(?<name>[A-Za-z]+);isOutput=true\](?<value>.*?)\r?$", RegexOptions.Multiline)]
    private static partial Regex SetVariable();

    /// <summary>The first 2xx response body of an Azure DevOps REST fixture.</summary>
    private static ReplayResponse AzureFixture(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedFiles.Require("fixtures/azure-devops/rest/" + name)));
        var body = doc.RootElement.GetProperty("responses").EnumerateObject()
            .First(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("body", out _)).Value.GetProperty("body").GetRawText();
        return ReplayResponse.Json(body);
    }
}
