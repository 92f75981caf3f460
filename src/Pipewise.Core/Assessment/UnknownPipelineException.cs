using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>The pipeline has no stored runs: Pipewise knows nothing about it.</summary>
public sealed class UnknownPipelineException(PipelineKey pipeline)
    : Exception($"Pipeline '{pipeline}' is unknown to this Pipewise store (no stored runs). Collect runs first (pipewise run / import).")
{
    public PipelineKey Pipeline { get; } = pipeline;
}
