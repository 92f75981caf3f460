using Pipewise.Core.Agent;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Dashboard.Pipeline;

/// <summary>Everything the pipeline page shows.</summary>
public sealed record PipelineView
{
    public required PipelineKey Key { get; init; }
    public required string Name { get; init; }

    /// <summary>The runs shown, oldest first.</summary>
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];

    /// <summary>Forecasts by run key (recorded or computed walk-forward).</summary>
    public IReadOnlyDictionary<RunKey, ShownForecast> Forecasts { get; init; } = new Dictionary<RunKey, ShownForecast>();
    public IReadOnlyList<VerdictRecord> Verdicts { get; init; } = [];
    public PipelineInsight Insight { get; init; } = PipelineInsight.None;

    /// <summary>The agent's current policy for this pipeline, in words.</summary>
    public IReadOnlyList<string> Policy { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
}
