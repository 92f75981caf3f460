namespace Pipewise.Dashboard.Fleet;

/// <summary>
/// Keeps the last fleet snapshot for <see cref="FreshFor"/>, so that sorting, searching and paging never read the
/// store again; a stale snapshot is served while one load refreshes it in the background.
/// </summary>
public sealed class FleetSnapshotCache(Func<CancellationToken, Task<FleetSnapshot>> load, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private FleetSnapshot? current;
    private DateTimeOffset loadedAt;
    private Task? refreshing;

    /// <summary>Default 60 s.</summary>
    public TimeSpan FreshFor { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<FleetSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = current;
        if (snapshot is not null)
        {
            if (time.GetUtcNow() - loadedAt > FreshFor && refreshing is null)
            {
                refreshing = Task.Run(async () =>
                {
                    try
                    {
                        await LoadAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The stale snapshot stays; the next request tries again.
                    }
                    finally
                    {
                        refreshing = null;
                    }
                }, CancellationToken.None);
            }

            return snapshot;
        }

        return await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<FleetSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is { } fresh && time.GetUtcNow() - loadedAt <= FreshFor)
            {
                return fresh;
            }

            var snapshot = await load(cancellationToken).ConfigureAwait(false);
            current = snapshot;
            loadedAt = time.GetUtcNow();
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }
}
