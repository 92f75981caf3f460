using System.IO.Compression;
using System.Text;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The line format of a segment: <c>&lt;record name&gt; TAB &lt;record JSON&gt; LF</c>. The record name (see
/// <see cref="StoreNames.RecordName"/>) carries the order and the run key, so selecting the newest runs and
/// de-duplicating needs no JSON parse. An unterminated last line (an append in progress, or torn by a crash) is
/// never returned; a malformed line is reported and skipped.
/// </summary>
internal static class SegmentLines
{
    /// <summary>One line of a segment: where it is (for messages) and its record bytes.</summary>
    public readonly record struct Entry(string Name, ReadOnlyMemory<byte> Json, long Segment, int Line);

    public static byte[] Format(string name, byte[] json)
    {
        var line = new byte[name.Length + 1 + json.Length + 1];
        Encoding.ASCII.GetBytes(name, line);
        line[name.Length] = (byte)'\t';
        json.CopyTo(line, name.Length + 1);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Parses the complete lines of <paramref name="data"/>; returns how many bytes they cover (up to and including the last LF).</summary>
    public static int Parse(ReadOnlyMemory<byte> data, long segment, int firstLine, string where, List<Entry> into, StoreReadReport? report)
    {
        var span = data.Span;
        var start = 0;
        var line = firstLine;
        while (start < span.Length)
        {
            var nl = span[start..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break; // unterminated: in progress or torn, never read back
            }

            var text = span.Slice(start, nl);
            var tab = text.IndexOf((byte)'\t');
            var name = tab > 0 && tab < 400 ? Encoding.ASCII.GetString(text[..tab]) : null;
            if (name is not null && StoreNames.IsOrderName(name))
            {
                into.Add(new Entry(name, data.Slice(start + tab + 1, nl - tab - 1), segment, line));
            }
            else if (text.Length > 0)
            {
                report?.Add(new CorruptStoreItemException(where, $"line {line + 1}: expected '<record name> TAB <record JSON>', found {text.Length} bytes that are not; the line is skipped").Message);
            }

            line++;
            start += nl + 1;
        }

        return start;
    }

    /// <summary>Parses one entry's record; a corrupt one is reported with its record key and location and skipped (null).</summary>
    public static RunRecord? Record(PipelineKey pipeline, Entry entry, StoreReadReport? report)
    {
        var key = StoreNames.RecordPath(pipeline, entry.Name);
        try
        {
            return RunRecordJson.Deserialize(entry.Json.Span, key);
        }
        catch (RunRecordFormatException ex)
        {
            report?.Add(new CorruptStoreItemException(key, $"field '{ex.Field}': {ex.Expected} (segment {entry.Segment}, line {entry.Line + 1})").Message);
            return null;
        }
    }

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    public static byte[] Decompress(byte[] data, string where)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptStoreItemException(where, $"expected a gzip-compressed segment: {ex.Message}");
        }
    }
}
