using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Tests;

/// <summary>
/// Test helpers that damage a v2 run log the way something outside Pipewise would: the record of one run, addressed by
/// its v1 record path (<see cref="StoreNames.RecordPath"/>), is the JSON after the tab on its segment line.
/// </summary>
internal static class SegmentEdits
{
    /// <summary>The segment folder and record name a v1 record path stands for; false for any other key.</summary>
    public static bool TryParseRecordPath(string key, out string segmentFolder, out string recordName)
    {
        segmentFolder = recordName = string.Empty;
        var slash = key.LastIndexOf('/');
        if (!key.StartsWith(StoreNames.RunsRoot, StringComparison.Ordinal) || slash < 0 || !StoreNames.IsRecordName(key[(slash + 1)..]))
        {
            return false;
        }

        segmentFolder = key[..(slash + 1)] + SegmentNames.Folder + "/";
        recordName = key[(slash + 1)..^StoreNames.RecordSuffix.Length];
        return true;
    }

    /// <summary>The segment with the record's line replaced by <paramref name="json"/>; null when the segment does not hold it.</summary>
    public static byte[]? ReplaceRecord(byte[] segment, string recordName, byte[] json)
    {
        var text = Encoding.UTF8.GetString(segment);
        int start;
        if (text.StartsWith(recordName + "\t", StringComparison.Ordinal))
        {
            start = 0;
        }
        else
        {
            var at = text.IndexOf("\n" + recordName + "\t", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            start = at + 1;
        }

        var end = text.IndexOf('\n', start);
        return Encoding.UTF8.GetBytes(text[..(start + recordName.Length + 1)] + Encoding.UTF8.GetString(json) + text[end..]);
    }
}
