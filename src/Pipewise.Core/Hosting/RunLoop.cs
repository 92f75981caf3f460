using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Hosting;

/// <summary>
/// One run, end to end: collect → assess (store, score, suggest, gate, learn) → annotate. The assessment is the
/// same one the gates use (<see cref="RunAssessor"/>); this class only adds the host's collection and report.
/// </summary>
public sealed class RunLoop(RunAssessor assessor)
{
    /// <summary>How many recent runs to hand to the reporter for its chart. Default 20.</summary>
    public int ChartRuns { get; init; } = 20;

    public async Task<RunOutcome> ExecuteAsync(IRunHost host, GatePolicyOptions policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(policy);
        var run = await host.CollectAsync(cancellationToken).ConfigureAwait(false);
        var assessment = await assessor.AssessNewRunAsync(run, policy, AssessmentSources.Run, cancellationToken).ConfigureAwait(false);
        var outcome = RunOutcome.From(assessment, run, ChartRuns);
        await host.ReportAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
