using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>The result of one simulated scenario (always a simulation, never evidence about the real world).</summary>
public sealed record SimulationResult
{
    public bool Simulated => true;
    public required string Scenario { get; init; }
    public required string Description { get; init; }
    public required int Runs { get; init; }
    public required int Seed { get; init; }
    public required PolicyTotals Default { get; init; }
    public required PolicyTotals Oracle { get; init; }
    public required PolicyTotals Agent { get; init; }
    public required IReadOnlyList<LearningPoint> LearningCurve { get; init; }
    public required IReadOnlyList<AgentChange> AgentChanges { get; init; }
    public required IReadOnlyList<AgentDecision> Decisions { get; init; }
    public required IReadOnlyList<RunRecord> AgentRuns { get; init; }
    public int Explorations { get; init; }

    /// <summary>(default − agent) / (default − oracle) on total build + deploy time; 1 when the oracle gains nothing and the agent loses nothing.</summary>
    public double CapturedGain
    {
        get
        {
            var gain = Default.TotalSeconds - Oracle.TotalSeconds;
            if (gain <= 1e-9)
            {
                return Agent.TotalSeconds <= Default.TotalSeconds ? 1 : 0;
            }

            return (Default.TotalSeconds - Agent.TotalSeconds) / gain;
        }
    }
}
