namespace Pipewise.GitHub.Backfill;

/// <summary>What <c>pipewise import --from github</c> reads.</summary>
public sealed record GitHubBackfillOptions
{
    public required string Owner { get; init; }

    public required string Repo { get; init; }

    /// <summary>Workflow ids or file names (e.g. <c>build.yml</c>); empty reads every workflow of the repository.</summary>
    public IReadOnlyList<string> Workflows { get; init; } = [];

    /// <summary>Only runs created on or after this time (GitHub's <c>created=&gt;=…</c> filter).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many workflow runs (newest first) per workflow selection; null reads all.</summary>
    public int? MaxRuns { get; init; }

    /// <summary>Runs per page of list-workflow-runs (GitHub's maximum is 100).</summary>
    public int PageSize { get; init; } = 100;
}
