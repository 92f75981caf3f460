using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

internal static class Fixtures
{
    public static string Rest(string name) => SharedFiles.Require("fixtures/github/rest/" + name);

    public static string Webhook(string name) => SharedFiles.Require("fixtures/github/webhooks/" + name);

    public static ReplayResponse File(string name, int status = 200) => ReplayResponse.File(Rest(name), status);

    /// <summary>The replay server answering the current run's endpoints with GitHub's published examples.</summary>
    public static ReplayServer MapRun(this ReplayServer server, string owner = "octo-org", string repo = "octo-repo", long runId = 30433642)
    {
        var run = $"/repos/{owner}/{repo}/actions/runs/{runId}";
        server.Map("GET", run, File("actions-get-workflow-run.json"));
        server.Map("GET", run + "/attempts/{n}/jobs", File("actions-list-jobs-for-workflow-run.json"));
        server.Map("GET", run + "/artifacts", File("actions-list-workflow-run-artifacts.json"));
        server.Map("GET", run + "/timing", File("actions-get-workflow-run-usage.json"));
        server.Map("GET", $"/repos/{owner}/{repo}/deployments", File("repos-list-deployments.json"));
        server.Map("GET", $"/repos/{owner}/{repo}/deployments/{{id}}/statuses", File("repos-list-deployment-statuses.json"));
        return server;
    }
}
