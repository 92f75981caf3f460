using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>
/// Travis builds name only their job count: each job is a placeholder "job i". The lists are immutable, so one
/// list per count is shared by every run (a history of a million builds would otherwise hold millions of them).
/// </summary>
internal static class TravisJobs
{
    private const int MaxShared = 1024;
    private static readonly Dictionary<int, IReadOnlyList<JobRecord>> Shared = [];

    public static IReadOnlyList<JobRecord> Placeholders(int count)
    {
        if (count <= 0)
        {
            return [];
        }

        if (count > MaxShared)
        {
            return Create(count);
        }

        lock (Shared)
        {
            if (!Shared.TryGetValue(count, out var list))
            {
                list = Create(count);
                Shared[count] = list;
            }

            return list;
        }
    }

    private static JobRecord[] Create(int count) => [.. Enumerable.Range(1, count).Select(i => new JobRecord { Name = $"job {i}" })];
}
