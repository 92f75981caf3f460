using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Storage.Verdicts;

/// <summary>
/// Where a pipeline's verdicts live (ADR 0015). <c>&lt;p&gt;</c> is the escaped pipeline key, one path segment:
/// <code>
/// verdicts/&lt;p&gt;.json                     the one-document log of earlier versions, read until compaction folds it
/// verdicts/&lt;p&gt;/head.json                which compacted segments hold the pipeline's verdicts
/// verdicts/&lt;p&gt;/entries/&lt;name&gt;.json      one verdict, created if absent
/// verdicts/&lt;p&gt;/compacted/&lt;id:D8&gt;.json  many verdicts, written once by compaction
/// </code>
/// </summary>
internal static class VerdictPaths
{
    public const string Root = "verdicts/";

    public static string Folder(PipelineKey pipeline) => KeyEscaping.Escape(pipeline.ToString());

    public static string Legacy(string folder) => Root + folder + ".json";

    public static string Head(string folder) => Root + folder + "/head.json";

    public static string EntriesPrefix(string folder) => Root + folder + "/entries/";

    public static string Entry(string folder, string name) => EntriesPrefix(folder) + name + ".json";

    public static string CompactedPrefix(string folder) => Root + folder + "/compacted/";

    public static string Compacted(string folder, long id) => CompactedPrefix(folder) + id.ToString("D8", CultureInfo.InvariantCulture) + ".json";

    /// <summary>
    /// A verdict's name: its time (UTC ticks, so names sort oldest first) and a hash of its identity (source, run,
    /// attempt, time). The same verdict always gets the same name, so appending it twice stores it once.
    /// </summary>
    public static string NameOf(VerdictRecord record)
    {
        var ticks = record.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var identity = string.Join('\n', record.Source, record.RunId, record.Attempt.ToString(CultureInfo.InvariantCulture), ticks);
        return ticks + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
    }

    /// <summary>The entry name in an entry path (<c>…/entries/&lt;name&gt;.json</c>), or null for another path.</summary>
    public static string? EntryName(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0
            ? path[prefix.Length..^".json".Length]
            : null;

    /// <summary>The pipeline folder of any verdict path (<c>verdicts/&lt;p&gt;…</c>), or null.</summary>
    public static string? FolderOf(string path)
    {
        if (!path.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[Root.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : rest.EndsWith(".json", StringComparison.Ordinal) ? rest[..^".json".Length] : null;
    }
}
