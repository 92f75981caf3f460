using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>
/// The one pipeline identity of a GitHub workflow: its numeric <c>workflow_id</c> (what the step collector, the
/// webhook, the API backfill and the <c>github-runs</c> file import all key by). Only a run without a workflow id is
/// keyed by its workflow file path (without <c>@ref</c>). Before ADR 0012 the file import keyed by the run's
/// <c>path</c> with its <c>@ref</c> (e.g. <c>.github/workflows/build.yml@main</c>); <see cref="IsLegacyIdOf"/>
/// recognises those so their runs can be copied under the workflow id (<see cref="LegacyPipelineMove"/>).
/// </summary>
public static class GitHubPipelineIdentity
{
    private const string WorkflowsFolder = ".github/workflows/";

    /// <summary>The pipeline id: the workflow id when known, else the workflow file path; null when neither is given.</summary>
    public static string? PipelineId(string? workflowId, string? path) =>
        !string.IsNullOrWhiteSpace(workflowId) ? workflowId.Trim() : WorkflowPath(path);

    /// <summary>
    /// The workflow file of a run's <c>path</c> or a <c>GITHUB_WORKFLOW_REF</c>: <c>.github/workflows/build.yml@main</c>
    /// and <c>owner/repo/.github/workflows/build.yml@refs/heads/main</c> both give <c>.github/workflows/build.yml</c>.
    /// </summary>
    public static string? WorkflowPath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var at = path.IndexOf('@', StringComparison.Ordinal);
        var p = at >= 0 ? path[..at] : path;
        var idx = p.IndexOf(WorkflowsFolder, StringComparison.Ordinal);
        return idx >= 0 ? p[idx..] : p;
    }

    /// <summary>Whether <paramref name="legacy"/> is a pipeline the old file import made for the workflow file <paramref name="workflowPath"/> of the same repository.</summary>
    public static bool IsLegacyIdOf(PipelineKey legacy, PipelineKey current, string workflowPath)
    {
        ArgumentNullException.ThrowIfNull(workflowPath);
        return legacy.Provider == "github"
            && legacy != current
            && string.Equals(legacy.Organization, current.Organization, StringComparison.Ordinal)
            && string.Equals(legacy.Repository, current.Repository, StringComparison.Ordinal)
            && legacy.PipelineId.StartsWith(WorkflowsFolder, StringComparison.Ordinal)
            && WorkflowPath(legacy.PipelineId) == workflowPath;
    }
}
