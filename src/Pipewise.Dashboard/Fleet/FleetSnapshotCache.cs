namespace Pipewise.Dashboard.Fleet;

/// <summary>
/// Keeps the last fleet snapshot for <see cref="FreshFor"/>, so that sorting, searching and paging never read the
/// store again; a stale snapshot is served while one load refreshes it in the background. A load is never bound to the
/// request that started it (no request token, no ambient store deadline): a large fleet keeps loading after a caller
/// stopped waiting (<see cref="GetAsync"/> returns null then) and the next request gets it.
/// </summary>
public sealed class FleetSnapshotCache(Func<CancellationToken, Task<FleetSnapshot>> load, TimeProvider time)
{
    private readonly Lock gate = new();
    private FleetSnapshot? current;
    private DateTimeOffset loadedAt;
    private Task<FleetSnapshot>? loading;

    /// <summary>Default 60 s.</summary>
    public TimeSpan FreshFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The snapshot, or null when none is ready within <paramref name="wait"/> (the load goes on).</summary>
    public async Task<FleetSnapshot?> GetAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task<FleetSnapshot> pending;
        lock (gate)
        {
            if (current is { } snapshot)
            {
                if (time.GetUtcNow() - loadedAt > FreshFor)
                {
                    Start();
                }

                return snapshot;
            }

            pending = Start();
        }

        var finished = await Task.WhenAny(pending, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
        return finished == pending ? await pending.ConfigureAwait(false) : null;
    }

    // Called under the lock: one load at a time, started outside the caller's execution context.
    private Task<FleetSnapshot> Start()
    {
        if (loading is { IsCompleted: false } running)
        {
            return running;
        }

        using (ExecutionContext.SuppressFlow())
        {
            loading = Task.Run(async () =>
            {
                var snapshot = await load(CancellationToken.None).ConfigureAwait(false);
                lock (gate)
                {
                    current = snapshot;
                    loadedAt = time.GetUtcNow();
                }

                return snapshot;
            });
        }

        return loading;
    }
}
