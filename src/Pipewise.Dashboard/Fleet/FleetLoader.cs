using System.Diagnostics;
using Pipewise.Core.Agent;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Dashboard.Fleet;

/// <summary>
/// Reads every pipeline's newest runs, last verdict and insights (8 pipelines at a time). A pipeline that cannot be
/// read is listed with its problem; a store that cannot list pipelines is a problem of the snapshot, never an exception.
/// </summary>
public static class FleetLoader
{
    /// <summary>Runs read per pipeline for the overview's counts and medians.</summary>
    public const int RunsPerPipeline = 200;

    /// <summary>Runs the insights read (the detectors' cost grows with the cube of this).</summary>
    public const int InsightRuns = 100;

    public const int Parallelism = 8;

    public static async Task<FleetSnapshot> LoadAsync(IPipewiseStore store, IVerdictLog? verdicts, IPipelineInsights? insights, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var started = Stopwatch.GetTimestamp();
        var problems = new List<string>();
        IReadOnlyList<PipelineKey> keys = [];
        try
        {
            keys = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add($"The store could not list pipelines: {ex.Message}");
        }

        var pipelines = new FleetPipeline[keys.Count];
        await Parallel.ForAsync(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            pipelines[i] = await LoadOneAsync(store, keys[i], verdicts, insights, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var newest = pipelines.Select(p => p.LastRunAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(time.GetUtcNow()).Max();
        return new FleetSnapshot
        {
            GeneratedAt = time.GetUtcNow(),
            AsOf = newest,
            Store = store.Description,
            Pipelines = pipelines,
            Problems = problems,
            LoadTime = Stopwatch.GetElapsedTime(started),
        };
    }

    private static async Task<FleetPipeline> LoadOneAsync(IPipewiseStore store, PipelineKey key, IVerdictLog? verdicts, IPipelineInsights? insights, CancellationToken ct)
    {
        IReadOnlyList<RunRecord> runs;
        try
        {
            runs = await store.GetLastRunsAsync(key, RunsPerPipeline, null, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FleetPipeline { Key = key, Name = key.PipelineId, Problem = $"Runs could not be read: {ex.Message}" };
        }

        VerdictRecord? last = null;
        string? problem = null;
        if (verdicts is not null)
        {
            try
            {
                var recent = await verdicts.GetRecentAsync(key, 1, ct).ConfigureAwait(false);
                last = recent.Count == 0 ? null : recent[^1];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problem = $"Verdicts could not be read: {ex.Message}";
            }
        }

        PipelineInsight insight = PipelineInsight.None;
        if (insights is not null)
        {
            try
            {
                insight = insights.Analyse(runs.Count > InsightRuns ? [.. runs.Skip(runs.Count - InsightRuns)] : runs);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problem = $"Insights could not be computed: {ex.Message}";
            }
        }

        return new FleetPipeline
        {
            Key = key,
            Name = runs.LastOrDefault(r => r.PipelineName is not null)?.PipelineName ?? key.PipelineId,
            Runs = [.. runs.Select(RunFact.From)],
            Truncated = runs.Count >= RunsPerPipeline,
            LastVerdict = last,
            Insight = insight,
            Problem = problem,
        };
    }
}
