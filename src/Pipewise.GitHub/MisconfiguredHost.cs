using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Runner;

namespace Pipewise.GitHub;

/// <summary>
/// Stands in when the runner environment is unusable (<see cref="GitHubContext"/> could not be read): collecting fails
/// with the clear message, and the run loop reports that failure here (a warning and the outputs, to GITHUB_OUTPUT
/// when it is set). No run is ever collected, so there is no outcome to report.
/// </summary>
internal sealed class MisconfiguredHost(GitHubConfigurationException problem, WorkflowCommands commands, string? outputPath) : IRunHost
{
    public string Name => "GitHub Actions";

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<RunRecord>(new GitHubConfigurationException(problem.Message));

    public Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default) =>
        Task.FromException(new InvalidOperationException("No run was collected on a misconfigured runner, so there is no outcome to report."));

    public Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        FailureReport.Write(commands, outputPath, failure);
        return Task.CompletedTask;
    }
}
