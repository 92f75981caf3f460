using Pipewise.Core.Runs;

namespace Pipewise.Core.Agent;

/// <summary>
/// What the agent's detectors read from a pipeline's stored history, for dashboards and reports: the suggestions the
/// history proves, a lasting duration regression, and the share of failures that passed on a re-run. Implemented by the
/// agent project, so that pages never re-derive a detector.
/// </summary>
public interface IPipelineInsights
{
    /// <summary>Reads <paramref name="runs"/> (one pipeline, oldest first) as the agent would after its newest run.</summary>
    PipelineInsight Analyse(IReadOnlyList<RunRecord> runs);

    /// <summary>A policy row in words, e.g. "On pull requests with high failure risk: canary".</summary>
    string Describe(AgentPolicyRow row);
}
