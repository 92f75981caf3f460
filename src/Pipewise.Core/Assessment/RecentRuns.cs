using System.Collections.Concurrent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Assessment;

/// <summary>
/// The last runs of a pipeline as the assessment reads them. With a cache time above zero (the gate service),
/// concurrent requests for one pipeline share one store read per period (single flight); a failed read is not cached.
/// </summary>
public sealed class RecentRuns(IPipewiseStore store, TimeSpan cacheTime, TimeProvider time)
{
    private readonly ConcurrentDictionary<(PipelineKey, int), (DateTimeOffset At, Task<IReadOnlyList<RunRecord>> Runs)> cache = new();

    public IPipewiseStore Store => store;

    public Task<IReadOnlyList<RunRecord>> GetAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken)
    {
        if (cacheTime <= TimeSpan.Zero)
        {
            return store.GetLastRunsAsync(pipeline, count, null, cancellationToken);
        }

        var slot = (pipeline, count);
        var now = time.GetUtcNow();
        while (true)
        {
            if (cache.TryGetValue(slot, out var cached) && now - cached.At < cacheTime && !cached.Runs.IsFaulted && !cached.Runs.IsCanceled)
            {
                return cached.Runs.WaitAsync(cancellationToken);
            }

            var load = store.GetLastRunsAsync(pipeline, count, null, CancellationToken.None);
            var fresh = (now, load);
            var stored = cached.Runs is null ? cache.TryAdd(slot, fresh) : cache.TryUpdate(slot, fresh, cached);
            if (stored)
            {
                _ = load.ContinueWith(
                    _ => cache.TryRemove(new KeyValuePair<(PipelineKey, int), (DateTimeOffset, Task<IReadOnlyList<RunRecord>>)>(slot, fresh)),
                    CancellationToken.None,
                    TaskContinuationOptions.NotOnRanToCompletion,
                    TaskScheduler.Default);
                return load.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Forgets what is cached for a pipeline (after a run of it was stored).</summary>
    public void Invalidate(PipelineKey pipeline)
    {
        foreach (var key in cache.Keys.Where(k => k.Item1 == pipeline))
        {
            cache.TryRemove(key, out _);
        }
    }
}
