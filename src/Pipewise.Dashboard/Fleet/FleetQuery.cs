namespace Pipewise.Dashboard.Fleet;

/// <summary>
/// What the overview shows: search text, filters, period, sort and page, parsed from the query string. An invalid
/// value is an error naming the parameter and what it accepts.
/// </summary>
public sealed record FleetQuery
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 200;

    public string Search { get; init; } = string.Empty;
    public string? Provider { get; init; }
    public string? Organization { get; init; }

    /// <summary>pass, warn, fail, or none (no verdict yet); null = any.</summary>
    public string? Verdict { get; init; }
    public FleetPeriod Period { get; init; } = FleetPeriod.Month;
    public string Sort { get; init; } = FleetSort.Minutes;
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;

    /// <summary>Parses query parameters (<c>q</c>, <c>provider</c>, <c>org</c>, <c>verdict</c>, <c>period</c>, <c>sort</c>, <c>dir</c>, <c>page</c>).</summary>
    public static FleetQuery Parse(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        var query = new FleetQuery();
        if (Clean(get("q")) is { } q)
        {
            query = query with { Search = q.Length > MaxSearchLength ? throw new FormatException($"Query parameter 'q' is longer than {MaxSearchLength} characters.") : q };
        }

        query = query with { Provider = Clean(get("provider")), Organization = Clean(get("org")) };
        if (Clean(get("verdict")) is { } verdict)
        {
            query = query with { Verdict = verdict.ToLowerInvariant() is "pass" or "warn" or "fail" or "none" ? verdict.ToLowerInvariant() : throw new FormatException("Query parameter 'verdict' must be pass, warn, fail or none.") };
        }

        if (Clean(get("period")) is { } period)
        {
            query = query with { Period = FleetPeriods.TryParse(period, out var p) ? p : throw new FormatException("Query parameter 'period' must be 7d, 30d, 90d or all.") };
        }

        if (Clean(get("sort")) is { } sort)
        {
            var column = sort.ToLowerInvariant();
            query = query with { Sort = FleetSort.All.Contains(column) ? column : throw new FormatException($"Query parameter 'sort' must be one of {string.Join(", ", FleetSort.All)}."), Descending = FleetSort.DescendingByDefault(column) };
        }

        if (Clean(get("dir")) is { } dir)
        {
            query = query with { Descending = dir.ToLowerInvariant() switch { "asc" => false, "desc" => true, _ => throw new FormatException("Query parameter 'dir' must be asc or desc.") } };
        }

        if (Clean(get("page")) is { } page)
        {
            query = query with { Page = int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : throw new FormatException("Query parameter 'page' must be a whole number ≥ 1.") };
        }

        return query;
    }

    /// <summary>The rows matching the search and filters, sorted (unknown values last), before paging.</summary>
    public IReadOnlyList<FleetRow> Apply(FleetSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var rows = snapshot.Pipelines
            .Where(Matches)
            .Select(p => FleetRows.For(p, Period, snapshot.AsOf))
            .ToList();
        var keyed = rows.Select(r => (Row: r, Value: FleetSort.Value(r, Sort), Name: r.Pipeline.Key.ToString())).ToList();
        keyed.Sort((a, b) =>
        {
            if (a.Value is null || b.Value is null)
            {
                return a.Value is null && b.Value is null ? string.CompareOrdinal(a.Name, b.Name) : a.Value is null ? 1 : -1;
            }

            var c = a.Value.CompareTo(b.Value);
            return c != 0 ? (Descending ? -c : c) : string.CompareOrdinal(a.Name, b.Name);
        });
        return [.. keyed.Select(k => k.Row)];
    }

    public int PageCount(int rows) => Math.Max(1, (rows + PageSize - 1) / PageSize);

    private bool Matches(FleetPipeline p)
    {
        if (Provider is not null && !string.Equals(p.Key.Provider, Provider, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Organization is not null && !string.Equals(p.Key.Organization, Organization, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Verdict is not null)
        {
            var v = p.LastVerdict?.Verdict;
            var ok = Verdict switch
            {
                "none" => v is null,
                "pass" => v == Core.Gate.Verdict.Pass,
                "warn" => v == Core.Gate.Verdict.Warn,
                _ => v == Core.Gate.Verdict.Fail,
            };
            if (!ok)
            {
                return false;
            }
        }

        return Search.Length == 0
            || p.Name.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || p.Key.Provider.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || p.Key.Organization.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || p.Key.Repository.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || p.Key.PipelineId.Contains(Search, StringComparison.OrdinalIgnoreCase);
    }
}
