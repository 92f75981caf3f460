using Pipewise.Core.Gate;

namespace Pipewise.Dashboard.Fleet;

/// <summary>One line of the fleet overview for one period. Unknown values are null, never 0.</summary>
public sealed record FleetRow
{
    public required FleetPipeline Pipeline { get; init; }

    /// <summary>Runs (all attempts) that started in the period.</summary>
    public int Runs { get; init; }

    /// <summary>True when the period may hold more runs than were read (the count is a lower bound).</summary>
    public bool RunsAtLeast { get; init; }

    /// <summary>Summed run durations in the period, in minutes.</summary>
    public double BuildMinutes { get; init; }

    /// <summary>Median duration of the period's successful runs, in seconds.</summary>
    public double? P50Seconds { get; init; }

    /// <summary>Median of the newer half over the median of the older half, minus 1 (needs 6 timed runs).</summary>
    public double? Trend { get; init; }

    /// <summary>Failed share of the period's finished runs.</summary>
    public double? FailureRate { get; init; }

    /// <summary>Share of re-run failures that passed on the re-run, over the history read.</summary>
    public double? IntermittentShare { get; init; }

    public string? Regression => Pipeline.Insight.Regression;

    public Verdict? LastVerdict => Pipeline.LastVerdict?.Verdict;

    public int Suggestions => Pipeline.Insight.Suggestions.Count;

    /// <summary>Estimated minutes the open suggestions would have saved over the period's runs.</summary>
    public double? SavingMinutes { get; init; }
}
