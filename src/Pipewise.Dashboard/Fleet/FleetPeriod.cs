namespace Pipewise.Dashboard.Fleet;

/// <summary>The period the overview aggregates over, ending at the fleet's newest stored run.</summary>
public enum FleetPeriod
{
    Week,
    Month,
    Quarter,
    All,
}

/// <summary>The period's query token (<c>7d</c>, <c>30d</c>, <c>90d</c>, <c>all</c>) and its length.</summary>
public static class FleetPeriods
{
    public static IReadOnlyList<FleetPeriod> All { get; } = [FleetPeriod.Week, FleetPeriod.Month, FleetPeriod.Quarter, FleetPeriod.All];

    public static string Token(FleetPeriod period) => period switch
    {
        FleetPeriod.Week => "7d",
        FleetPeriod.Month => "30d",
        FleetPeriod.Quarter => "90d",
        _ => "all",
    };

    public static string Label(FleetPeriod period) => period switch
    {
        FleetPeriod.Week => "last 7 days",
        FleetPeriod.Month => "last 30 days",
        FleetPeriod.Quarter => "last 90 days",
        _ => "all stored runs read",
    };

    public static TimeSpan? Length(FleetPeriod period) => period switch
    {
        FleetPeriod.Week => TimeSpan.FromDays(7),
        FleetPeriod.Month => TimeSpan.FromDays(30),
        FleetPeriod.Quarter => TimeSpan.FromDays(90),
        _ => null,
    };

    public static bool TryParse(string? token, out FleetPeriod period)
    {
        foreach (var p in All)
        {
            if (string.Equals(Token(p), token, StringComparison.OrdinalIgnoreCase))
            {
                period = p;
                return true;
            }
        }

        period = FleetPeriod.Month;
        return false;
    }
}
