using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The format of a pipeline's append-only <c>~index</c>: lines <c>name TAB bound</c>, where bound is the smallest
/// (newest) name of all lines up to and including this one. Read backwards in chunks; an unterminated last line
/// (an append in progress, or one cut short by a crash) and malformed lines are skipped.
/// </summary>
internal static class IndexFile
{
    public const string Name = "~index";
    public const int Chunk = 64 * 1024;

    public static IEnumerable<(string Name, string Bound)> ReadBackward(string indexPath, int chunk = Chunk)
    {
        using var stream = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var position = stream.Length;
        var buffer = new byte[chunk];
        var carry = Array.Empty<byte>();
        var skippingTail = true;
        while (position > 0)
        {
            var size = (int)Math.Min(chunk, position);
            position -= size;
            stream.Position = position;
            stream.ReadExactly(buffer, 0, size);
            var data = new byte[size + carry.Length];
            Buffer.BlockCopy(buffer, 0, data, 0, size);
            Buffer.BlockCopy(carry, 0, data, size, carry.Length);
            var end = data.Length;
            if (skippingTail)
            {
                // An unterminated last line is an append in progress (or one cut short by a crash): skip it.
                var lastNewline = Array.LastIndexOf(data, (byte)'\n');
                if (lastNewline < 0)
                {
                    carry = [];
                    continue;
                }

                end = lastNewline + 1;
                skippingTail = false;
            }

            // data[..end] ends with '\n'. Every line that starts after a '\n' in it is complete.
            var lines = new List<(string, string)>();
            var lineEnd = end - 1;
            for (var i = lineEnd - 1; i >= 0; i--)
            {
                if (data[i] == '\n')
                {
                    if (TryParseLine(data.AsSpan(i + 1, lineEnd - i - 1), out var entry))
                    {
                        lines.Add(entry);
                    }

                    lineEnd = i;
                }
            }

            if (position == 0)
            {
                if (TryParseLine(data.AsSpan(0, lineEnd), out var first))
                {
                    lines.Add(first);
                }
            }
            else
            {
                carry = data[..(lineEnd + 1)];
            }

            foreach (var line in lines)
            {
                yield return line;
            }
        }
    }

    public static void AppendLine(string indexPath, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(indexPath)!);
        using var stream = new FileStream(indexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        var bound = name;
        var needsNewline = false;
        if (stream.Length > 0)
        {
            stream.Position = stream.Length - 1;
            needsNewline = stream.ReadByte() != '\n';
            string? previous = null;
            foreach (var (_, b) in ReadBackward(indexPath, 4096))
            {
                previous = b;
                break;
            }

            // With no readable line the index holds no run yet (or only damaged lines): the bound is the name.
            if (previous is not null && string.CompareOrdinal(previous, bound) < 0)
            {
                bound = previous;
            }
        }

        var line = (needsNewline ? "\n" : string.Empty) + name + "\t" + bound + "\n";
        stream.Position = stream.Length;
        stream.Write(Encoding.ASCII.GetBytes(line));
        stream.Flush();
    }

    private static bool TryParseLine(ReadOnlySpan<byte> line, out (string Name, string Bound) entry)
    {
        entry = default;
        var tab = line.IndexOf((byte)'\t');
        if (tab <= 0 || line.Length > 1024)
        {
            return false;
        }

        var name = Encoding.ASCII.GetString(line[..tab]);
        var bound = Encoding.ASCII.GetString(line[(tab + 1)..]);
        if (!StoreNames.IsOrderName(name) || !StoreNames.IsOrderName(bound))
        {
            return false;
        }

        entry = (name, bound);
        return true;
    }
}
