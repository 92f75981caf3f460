namespace Pipewise.GateService;

/// <summary>Remembers the last N keys (delivery ids, reviewed runs) to refuse replays; thread-safe, bounded.</summary>
internal sealed class ReplayGuard(int capacity)
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>Adds the key; false when it was already there (a replay).</summary>
    public bool TryAdd(string key)
    {
        lock (seen)
        {
            if (!seen.Add(key))
            {
                return false;
            }

            order.Enqueue(key);
            while (order.Count > Math.Max(1, capacity))
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }

    public void Remove(string key)
    {
        lock (seen)
        {
            seen.Remove(key);
        }
    }
}
