namespace Pipewise.AzureDevOps.Backfill;

/// <summary>What <c>pipewise import --from azure-devops</c> reads.</summary>
public sealed record AzureDevOpsBackfillOptions
{
    public required string Project { get; init; }

    /// <summary>Build definition ids; empty reads every definition of the project.</summary>
    public IReadOnlyList<int> Definitions { get; init; } = [];

    /// <summary>Only builds finished on or after this time (<c>minTime</c>).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many builds (newest first); null reads all.</summary>
    public int? MaxRuns { get; init; }

    /// <summary>Builds per page (<c>$top</c>). Default 100.</summary>
    public int PageSize { get; init; } = 100;
}
