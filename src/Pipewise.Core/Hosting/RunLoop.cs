using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Hosting;

/// <summary>
/// One run, end to end: collect → assess (store, score, suggest, gate, learn) → annotate. The assessment is the
/// same one the gates use (<see cref="RunAssessor"/>); this class only adds the host's collection and report.
/// A failed collection is reported by the host (<see cref="IRunHost.ReportCollectionFailureAsync"/>) and then
/// rethrown, so that the caller applies the fail-open rule to its exit code.
/// </summary>
public sealed class RunLoop(RunAssessor assessor)
{
    /// <summary>How many recent runs to hand to the reporter for its chart. Default 20.</summary>
    public int ChartRuns { get; init; } = 20;

    /// <summary>Told the run as soon as it is collected (so that a caller whose budget runs out can still keep it).</summary>
    public Action<RunRecord>? Collected { get; init; }

    public async Task<RunOutcome> ExecuteAsync(IRunHost host, GatePolicyOptions policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(policy);
        RunRecord run;
        try
        {
            run = await host.CollectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await host.ReportCollectionFailureAsync(CollectionFailure.From(ex, policy), cancellationToken).ConfigureAwait(false);
            throw;
        }

        Collected?.Invoke(run);
        var assessment = await assessor.AssessNewRunAsync(run, policy, AssessmentSources.Run, cancellationToken).ConfigureAwait(false);
        var outcome = RunOutcome.From(assessment, run, ChartRuns);
        await host.ReportAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
