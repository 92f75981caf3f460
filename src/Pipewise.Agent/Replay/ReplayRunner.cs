using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Agent.Replay;

/// <summary><c>pipewise replay</c>: replays every (or one) pipeline of a store and sums the figures.</summary>
public static class ReplayRunner
{
    public static async Task<ReplayReport> RunAsync(IRunStore store, PipelineKey? only, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var pipelines = only is { } p ? [p] : await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        var report = new ReplayReport();
        var replayer = new PipelineReplayer();
        var done = 0;
        foreach (var pipeline in pipelines.OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var runs = new List<RunRecord>();
            await foreach (var run in store.ReadAllRunsAsync(pipeline, null, cancellationToken).ConfigureAwait(false))
            {
                runs.Add(run);
            }

            if (runs.Count > 0)
            {
                report.Add(replayer.Replay(pipeline, runs));
            }

            if (++done % 50 == 0)
            {
                progress?.Invoke($"replayed {done} of {pipelines.Count} pipelines");
            }
        }

        return report;
    }
}
