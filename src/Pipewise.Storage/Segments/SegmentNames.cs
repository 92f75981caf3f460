using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Where the v2 run log of a pipeline lives, the same on both stores: <c>runs/&lt;pipeline&gt;/~v2/head.json</c>, the open
/// segment <c>~v2/&lt;id&gt;.jsonl</c> and sealed segments <c>~v2/&lt;id&gt;.jsonl.gz</c>. '~' is always escaped in key
/// parts, so <c>~v2</c> never collides with a pipeline or record name.
/// </summary>
internal static class SegmentNames
{
    public const string Folder = "~v2";

    public static string FolderPrefix(PipelineKey pipeline) => StoreNames.PipelinePrefix(pipeline) + Folder + "/";

    public static string Head(PipelineKey pipeline) => FolderPrefix(pipeline) + "head.json";

    public static string Open(PipelineKey pipeline, long id) => FolderPrefix(pipeline) + Id(id) + ".jsonl";

    public static string Sealed(PipelineKey pipeline, long id) => FolderPrefix(pipeline) + Id(id) + ".jsonl.gz";

    /// <summary>The part of a record name that identifies the run (inverted attempt and escaped run id), for de-duplication.</summary>
    public static string KeyOf(string recordName) => recordName[21..];

    /// <summary>The de-duplication key of a run, as <see cref="KeyOf(string)"/> gives it for its record name.</summary>
    public static string KeyOf(RunKey key) =>
        (int.MaxValue - Math.Max(1, key.Attempt)).ToString("D10", CultureInfo.InvariantCulture) + "-" + StoreNames.EscapedRunId(key.RunId);

    private static string Id(long id) => id.ToString("D8", CultureInfo.InvariantCulture);
}
