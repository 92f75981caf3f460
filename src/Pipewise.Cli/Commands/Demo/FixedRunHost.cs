using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Commands;

/// <summary>A host whose "current run" is a given record and whose report is the demo's own output.</summary>
internal sealed class FixedRunHost(RunRecord run) : IRunHost
{
    public string Name => "demo";

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) => Task.FromResult(run);

    public Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
