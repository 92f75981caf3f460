namespace Pipewise.Storage;

/// <summary>
/// What one store instance remembers of a pipeline's log between calls: the head with its ETag, the open segment's
/// complete length and run keys, and the keys of sealed segments already read. A hint only: every append is
/// conditional on the position, and every head write on the ETag, so a stale state costs a request, never a run.
/// </summary>
internal sealed class SegmentState
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public SegmentHead? Head { get; set; }

    public string? ETag { get; set; }

    public OpenSegment? Open { get; set; }

    public Dictionary<long, HashSet<string>> SealedKeys { get; } = [];

    public void Reset()
    {
        Head = null;
        ETag = null;
        Open = null;
    }
}

/// <summary>The open segment as last seen: the length of its complete lines, an unterminated tail after them, its keys.</summary>
internal sealed class OpenSegment(long id)
{
    public long Id { get; } = id;

    /// <summary>The length of the complete lines (up to and including the last LF).</summary>
    public long Position { get; set; }

    /// <summary>Bytes after <see cref="Position"/> without a LF (an append in progress, or torn by a crash).</summary>
    public long Tail { get; set; }

    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    public int Lines { get; set; }

    /// <summary>Takes in bytes read from <see cref="Position"/> on: their complete lines' keys, and the tail after them.</summary>
    public void Absorb(byte[] data)
    {
        var entries = new List<SegmentLines.Entry>();
        var complete = SegmentLines.Parse(data, Id, Lines, string.Empty, entries, null);
        foreach (var e in entries)
        {
            Keys.Add(SegmentNames.KeyOf(e.Name));
        }

        Lines += data.AsSpan(0, complete).Count((byte)'\n');
        Position += complete;
        Tail = data.Length - complete;
    }
}
