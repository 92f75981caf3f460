using Pipewise.Core.Gate;

namespace Pipewise.Core.Hosting;

/// <summary>What `pipewise run` hands a host adapter (GitHub Actions, Azure Pipelines, local) when creating it.</summary>
public sealed record RunHostSettings
{
    /// <summary>The process environment (a dictionary in tests).</summary>
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }

    /// <summary>The token for the provider API (GITHUB_TOKEN / SYSTEM_ACCESSTOKEN / a PAT); never from a command-line flag.</summary>
    public string? Token { get; init; }

    /// <summary>Glob of JUnit XML / TRX files with this run's test results, relative to the workspace.</summary>
    public string? TestResultsGlob { get; init; }

    /// <summary>Whether to post a commit / PR status. Default true.</summary>
    public bool PostStatus { get; init; } = true;

    /// <summary>Whether to post (or update) the one Pipewise PR comment. Default true.</summary>
    public bool PostComment { get; init; } = true;

    /// <summary>
    /// The login Pipewise's PR comments are written as, when the token cannot say (a custom GitHub App's installation
    /// token writes as <c>&lt;app-slug&gt;[bot]</c>, but <c>GET /user</c> refuses it). Null: the token's own user, or
    /// <c>github-actions[bot]</c> for an installation token. Only comments by this author are Pipewise's.
    /// </summary>
    public string? CommentAuthor { get; init; }

    public GateMode Mode { get; init; } = GateMode.Advise;

    /// <summary>Override of the provider API base URL (tests, GitHub Enterprise Server); normally from the environment.</summary>
    public Uri? ApiBaseUrl { get; init; }

    /// <summary>For the local host: the RunRecord JSON file describing the run (<c>--run-file</c>).</summary>
    public string? RunFile { get; init; }

    /// <summary>For the local host: a file to write the markdown summary to (<c>--summary-file</c>).</summary>
    public string? SummaryFile { get; init; }

    /// <summary>Where user-facing output goes (the pipeline log). Workflow / logging commands are written here.</summary>
    public required TextWriter Output { get; init; }
}
