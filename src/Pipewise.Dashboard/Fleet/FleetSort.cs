namespace Pipewise.Dashboard.Fleet;

/// <summary>The overview's sortable columns, by query token.</summary>
public static class FleetSort
{
    public const string Name = "name";
    public const string Runs = "runs";
    public const string Minutes = "minutes";
    public const string P50 = "p50";
    public const string Trend = "trend";
    public const string Failure = "failure";
    public const string Intermittent = "intermittent";
    public const string Regression = "regression";
    public const string Verdict = "verdict";
    public const string Suggestions = "suggestions";

    public static IReadOnlyList<string> All { get; } = [Name, Runs, Minutes, P50, Trend, Failure, Intermittent, Regression, Verdict, Suggestions];

    /// <summary>The value a column sorts by; null sorts last in either direction.</summary>
    public static IComparable? Value(FleetRow row, string column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return column switch
        {
            Name => row.Pipeline.Name.ToUpperInvariant() + "\u0000" + row.Pipeline.Key.ToString(),
            Runs => row.Runs,
            Minutes => row.BuildMinutes,
            P50 => row.P50Seconds,
            Trend => row.Trend,
            Failure => row.FailureRate,
            Intermittent => row.IntermittentShare,
            Regression => row.Regression is null ? 0 : 1,
            Verdict => row.LastVerdict is { } v ? (int)v : null,
            Suggestions => row.SavingMinutes ?? (row.Suggestions > 0 ? 0 : null),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a sortable column"),
        };
    }

    /// <summary>Name sorts ascending by default; every measure descending (the biggest first).</summary>
    public static bool DescendingByDefault(string column) => column != Name;
}
