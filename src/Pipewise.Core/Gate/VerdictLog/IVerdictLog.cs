using Pipewise.Core.Runs;

namespace Pipewise.Core.Gate;

/// <summary>Keeps the recent verdicts of each pipeline.</summary>
public interface IVerdictLog
{
    Task AppendAsync(PipelineKey pipeline, VerdictRecord record, CancellationToken cancellationToken = default);

    /// <summary>The most recent verdicts of a pipeline, oldest first.</summary>
    Task<IReadOnlyList<VerdictRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default);
}
