using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;

namespace Pipewise.Agent.Simulation;

/// <summary>A fixed pipeline configuration: what the catalog actions change.</summary>
public sealed record PipelineConfig
{
    public static PipelineConfig Default { get; } = new();

    public bool Cache { get; init; }
    public int Shards { get; init; } = 1;
    public bool Shallow { get; init; }
    public bool PathFilters { get; init; }
    public bool CancelSuperseded { get; init; }
    public int RunnerSize { get; init; } = 2;
    public bool Timeout { get; init; }
    public double TimeoutSeconds { get; init; }
    public bool Retry { get; init; }
    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.Proceed;

    public override string ToString() =>
        $"cache={Cache} shards={Shards} shallow={Shallow} paths={PathFilters} cancel={CancelSuperseded} runner={RunnerSize} timeout={Timeout} retry={Retry} deploy={Strategy}";

    /// <summary>The configuration after a user adopts a suggestion.</summary>
    public PipelineConfig Apply(Suggestion suggestion, double? p99Seconds)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return suggestion.ActionId switch
        {
            ActionCatalog.CacheDependencies => this with { Cache = true },
            ActionCatalog.ShardTests => this with { Shards = ShardsFrom(suggestion.Title) ?? Math.Min(SuggestionRules.MaxShards, Shards * 2) },
            ActionCatalog.ShallowClone => this with { Shallow = true },
            ActionCatalog.PathFilters => this with { PathFilters = true },
            ActionCatalog.CancelSuperseded => this with { CancelSuperseded = true },
            ActionCatalog.LargerRunner => this with { RunnerSize = Math.Min(3, RunnerSize + 1) },
            ActionCatalog.SmallerRunner => this with { RunnerSize = Math.Max(1, RunnerSize - 1) },
            ActionCatalog.TimeoutFromP99 => this with { Timeout = true, TimeoutSeconds = 1.5 * (p99Seconds ?? 3600) },
            ActionCatalog.RetryFlakyStep => this with { Retry = true },
            _ => this,
        };
    }

    private static int? ShardsFrom(string title)
    {
        var digits = new string(title.Where(char.IsDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
