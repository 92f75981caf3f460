using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps;

/// <summary>
/// The Azure Pipelines host when it cannot be set up (no collection URL, no token): collecting fails with the reason,
/// and the run loop reports that failure here (a warning and the output variables). No run is ever collected, so there
/// is no outcome to report.
/// </summary>
internal sealed class UnavailableHost(string reason, LoggingCommands log) : IRunHost
{
    public string Name => "Azure Pipelines";

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<RunRecord>(new InvalidOperationException(reason));

    public Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default) =>
        Task.FromException(new InvalidOperationException("No run was collected by an unavailable host, so there is no outcome to report."));

    public Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default)
    {
        FailureReport.Write(log, failure);
        return Task.CompletedTask;
    }
}
