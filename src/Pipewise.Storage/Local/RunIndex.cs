using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>Which record names of a pipeline to read: the newest N or all, from its <see cref="IndexFile"/> or, without one, its folder.</summary>
internal static class RunIndex
{
    /// <summary>
    /// Reads the index from its end. Once a line's bound is larger than the worst of the newest
    /// <paramref name="want"/> names found so far, no earlier line can be newer, so reading stops. When runs are
    /// appended roughly in creation order this reads about <paramref name="want"/> lines.
    /// </summary>
    public static List<string> TopNamesFromIndex(string indexPath, int want, out int linesRead)
    {
        linesRead = 0;
        var best = new SortedSet<string>(StringComparer.Ordinal);
        var chunk = (int)Math.Clamp(want * 256L, 4096, IndexFile.Chunk);
        foreach (var (name, bound) in IndexFile.ReadBackward(indexPath, chunk))
        {
            if (best.Count >= want && string.CompareOrdinal(bound, best.Max) > 0)
            {
                break;
            }

            linesRead++;
            if (best.Add(name) && best.Count > want)
            {
                best.Remove(best.Max!);
            }
        }

        return [.. best];
    }

    public static List<string> AllNamesFromIndex(string indexPath)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in IndexFile.ReadBackward(indexPath))
        {
            all.Add(name);
        }

        var list = all.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Fallback when a pipeline folder has no index (e.g. copied from a container): list the folder.</summary>
    public static List<string> TopNamesFromFolder(string folder, int want)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var names = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(StoreNames.IsRecordName)
            .Select(n => n[..^StoreNames.RecordSuffix.Length])
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return want >= names.Count ? names : names.GetRange(0, want);
    }
}
