using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Dashboard;

/// <summary>Everything the dashboard shows for one pipeline.</summary>
public sealed record PipelineDashboard
{
    public required PipelineKey Key { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];
    public IReadOnlyList<PredictionRecord> Predictions { get; init; } = [];
    public IReadOnlyList<VerdictRecord> Verdicts { get; init; } = [];
    public IReadOnlyList<AgentPolicyRow> Agent { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>The dashboard / report content.</summary>
public sealed record DashboardModel
{
    public required DateTimeOffset GeneratedAt { get; init; }
    public required string Store { get; init; }
    public IReadOnlyList<PipelineDashboard> Pipelines { get; init; } = [];

    /// <summary>Q-table rows whose scope names no single pipeline (shared agents).</summary>
    public IReadOnlyList<AgentPolicyRow> SharedAgent { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
}
