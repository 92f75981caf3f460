using System.IO.Compression;

namespace Pipewise.Core.Import;

/// <summary>
/// Decompresses a gzip file and refuses an incomplete or padded one: at the end it checks the CRC-32 and length
/// in the gzip trailer, and when they disagree (or the data is corrupt) it finds the exact byte offset of the
/// problem: where a truncated file ends, where trailing bytes start, where the compressed data breaks.
/// </summary>
internal sealed class CheckedGzipStream(FileStream file, string source) : Stream
{
    private readonly GZipStream inner = new(file, CompressionMode.Decompress);
    private readonly string path = file.Name;
    private uint crc = 0xFFFFFFFF;
    private long length;
    private bool verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{source}: {GzipScan.FindProblem(path) ?? "the gzip data is corrupt: " + ex.Message}", ex);
        }

        if (n > 0)
        {
            crc = Crc32.Update(crc, buffer[..n]);
            length += n;
        }
        else if (!verified)
        {
            verified = true;
            Verify();
        }

        return n;
    }

    private void Verify()
    {
        var size = new FileInfo(path).Length;
        var trailer = new byte[8];
        using (var check = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (size >= 18)
            {
                check.Position = size - 8;
                check.ReadExactly(trailer);
            }
        }

        var expectedCrc = BitConverter.ToUInt32(trailer, 0);
        var expectedLength = BitConverter.ToUInt32(trailer, 4);
        if (size >= 18 && expectedCrc == (crc ^ 0xFFFFFFFF) && expectedLength == unchecked((uint)length))
        {
            return;
        }

        // A mismatch is a broken file, or a valid file of several gzip members: the exact scan tells which.
        if (GzipScan.FindProblem(path) is { } problem)
        {
            throw new InvalidDataException($"{source}: {problem}");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Walks the gzip members of a file byte-exactly (slow; only run when the fast check fails).</summary>
internal static class GzipScan
{
    /// <summary>The problem with the file, naming its byte offset, or null when it is complete, valid gzip.</summary>
    public static string? FindProblem(string path)
    {
        var bytes = File.ReadAllBytes(path);
        long pos = 0;
        while (pos < bytes.Length)
        {
            if (bytes.Length - pos < 2 || bytes[pos] != 0x1f || bytes[pos + 1] != 0x8b)
            {
                return pos == 0 ? "not gzip data (no 1f 8b at byte 0)" : $"unexpected data after the end of the gzip stream, at byte {pos} (the file has {bytes.Length} bytes)";
            }

            var start = pos;
            var header = HeaderLength(bytes, pos);
            if (header < 0)
            {
                return $"the gzip data is truncated: the file ends at byte {bytes.Length}, inside the header of the member at byte {start}";
            }

            pos += header;
            var feed = new OneByteStream(bytes, pos);
            uint crc = 0xFFFFFFFF;
            long size = 0;
            try
            {
                using var deflate = new DeflateStream(feed, CompressionMode.Decompress);
                var buffer = new byte[8192];
                int n;
                while ((n = deflate.Read(buffer)) > 0)
                {
                    crc = Crc32.Update(crc, buffer.AsSpan(0, n));
                    size += n;
                }
            }
            catch (InvalidDataException)
            {
                return $"the gzip data is corrupt at byte {feed.Position - 1}";
            }

            pos = feed.Position;
            if (pos + 8 > bytes.Length)
            {
                return $"the gzip data is truncated: the file ends at byte {bytes.Length} before the end of the compressed stream";
            }

            if (BitConverter.ToUInt32(bytes, (int)pos) != (crc ^ 0xFFFFFFFF) || BitConverter.ToUInt32(bytes, (int)pos + 4) != unchecked((uint)size))
            {
                return $"the gzip checksum or length at byte {pos} does not match the data (corrupt or truncated member from byte {start})";
            }

            pos += 8;
        }

        return pos == 0 ? "the file is empty" : null;
    }

    private static int HeaderLength(byte[] b, long start)
    {
        var p = start + 10;
        if (p > b.Length)
        {
            return -1;
        }

        var flags = b[start + 3];
        if ((flags & 4) != 0)
        {
            if (p + 2 > b.Length)
            {
                return -1;
            }

            p += 2 + (b[p] | (b[p + 1] << 8));
        }

        foreach (var bit in new[] { 8, 16 })
        {
            if ((flags & bit) != 0)
            {
                while (p < b.Length && b[p] != 0)
                {
                    p++;
                }

                p++;
            }
        }

        if ((flags & 2) != 0)
        {
            p += 2;
        }

        return p > b.Length ? -1 : (int)(p - start);
    }

    /// <summary>Hands the inflater one byte per read, so that where it stops is exactly where the compressed data ends.</summary>
    private sealed class OneByteStream(byte[] bytes, long start) : Stream
    {
        public override long Position { get; set; } = start;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Position >= bytes.Length || buffer.Length == 0)
            {
                return 0;
            }

            buffer[0] = bytes[Position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>CRC-32 (IEEE, as in gzip), table-driven.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
