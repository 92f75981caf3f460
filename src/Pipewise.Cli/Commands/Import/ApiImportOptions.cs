using System.CommandLine;

namespace Pipewise.Cli.Commands;

/// <summary>The options of <c>pipewise import --from github|azure-devops</c> (history read from the provider's API).</summary>
internal sealed class ApiImportOptions
{
    public Option<string?> From { get; } = new("--from")
    {
        Description = "Read the history from a provider's API instead of files: github (GITHUB_TOKEN, GITHUB_API_URL for GitHub Enterprise Server) or azure-devops. " +
            "Runs land under the same pipeline as `pipewise run` uses, with their jobs and steps. Exit code 5 when the API refuses the token or access.",
    };

    public Option<string?> Repository { get; } = new("--repository") { Description = "For --from github: the repository as OWNER/REPO." };

    public Option<string[]> Workflow { get; } = new("--workflow")
    {
        Description = "For --from github: only this workflow (its file name, e.g. build.yml, or its id). Repeat for several. Default: every workflow.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Since { get; } = new("--since")
    {
        Description = "Only runs created since this date (ISO-8601, e.g. 2026-01-31) or this many days back (e.g. 30d). GitHub lists at most 1000 runs for a filtered list.",
    };

    public Option<int?> MaxRuns { get; } = new("--max-runs") { Description = "At most this many runs (newest first) per workflow selection (GitHub) or in all (Azure DevOps)." };

    public Option<string?> Organization { get; } = new("--organization")
    {
        Description = "For --from azure-devops: the organization (collection) URL, e.g. https://dev.azure.com/fabrikam. Token from SYSTEM_ACCESSTOKEN, else AZURE_DEVOPS_EXT_PAT.",
    };

    public Option<string?> Project { get; } = new("--project") { Description = "For --from azure-devops: the project name." };

    public Option<int[]> Definition { get; } = new("--definition")
    {
        Description = "For --from azure-devops: only this build definition (pipeline) id. Repeat for several. Default: every definition of the project.",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        From.AcceptOnlyFromAmong("github", "azure-devops");
        command.Options.Add(From);
        command.Options.Add(Repository);
        command.Options.Add(Workflow);
        command.Options.Add(Since);
        command.Options.Add(MaxRuns);
        command.Options.Add(Organization);
        command.Options.Add(Project);
        command.Options.Add(Definition);
    }
}
