using System.Text.Json;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The local folder's <see cref="ISegmentBackend"/>: segments are files; appends and head writes run under the
/// pipeline's lock (<see cref="FileLock"/>: threads and processes), the open segment is appended to in place (a
/// reader never returns an unterminated last line), and the head and sealed segments are written to <c>.tmp/</c> and
/// renamed into place. The v1 records of ADR 0002 are read through <see cref="LocalRunReader"/> and <see cref="LocalRunLog"/>.
/// </summary>
internal sealed class LocalSegments(LocalFiles files, LocalRunLog legacyLog, LocalRunReader legacyReader) : ISegmentBackend
{
    private long objectsRead;

    /// <summary>How many run-log files were opened for reading (head, segments) since the store was opened: the test seam for "objects touched".</summary>
    public long ObjectsRead => Interlocked.Read(ref objectsRead);

    public async Task<(SegmentHead? Head, string? ETag)> ReadHeadAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref objectsRead);
        var path = SegmentNames.Head(pipeline);
        var bytes = await LocalFiles.TryReadAsync(files.Full(path), cancellationToken).ConfigureAwait(false);
        return bytes is null ? (null, null) : (ParseHead(bytes, path), RunReading.ContentETag(bytes));
    }

    public async Task<string?> WriteHeadAsync(PipelineKey pipeline, SegmentHead head, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = files.Full(SegmentNames.Head(pipeline));
        await using (await files.LockAsync(StoreNames.PipelinePrefix(pipeline), cancellationToken).ConfigureAwait(false))
        {
            var current = await LocalFiles.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (ifMatch is null ? current is not null : current is null || RunReading.ContentETag(current) != ifMatch)
            {
                return null;
            }

            var content = JsonSerializer.SerializeToUtf8Bytes(head, SegmentJsonContext.Default.SegmentHead);
            await files.WriteAtomicAsync(path, content, cancellationToken).ConfigureAwait(false);
            return RunReading.ContentETag(content);
        }
    }

    public Task<byte[]?> ReadOpenAsync(PipelineKey pipeline, long id, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref objectsRead);
        try
        {
            using var stream = new FileStream(files.Full(SegmentNames.Open(pipeline, id)), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var length = stream.Length;
            if (offset > length)
            {
                return Task.FromResult<byte[]?>(null);
            }

            var data = new byte[length - offset];
            stream.Position = offset;
            stream.ReadExactly(data);
            return Task.FromResult<byte[]?>(data);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<byte[]?>(null);
        }
    }

    public async Task<(AppendOutcome Outcome, long Position)> AppendOpenAsync(PipelineKey pipeline, long id, long position, long tail, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await using (await files.LockAsync(StoreNames.PipelinePrefix(pipeline), cancellationToken).ConfigureAwait(false))
        {
            FileStream stream;
            try
            {
                stream = new FileStream(files.Full(SegmentNames.Open(pipeline, id)), FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return (AppendOutcome.Missing, 0);
            }

            using (stream)
            {
                var length = stream.Length;
                if (length < position)
                {
                    return (AppendOutcome.Missing, 0); // rewritten by something else: read it again from the start
                }

                if (length > position)
                {
                    // Under the lock nobody is writing: bytes after the last complete line we know of are either lines
                    // another writer added (read them first) or the torn tail of a writer that died mid-write (never
                    // acknowledged, so cut it).
                    var after = new byte[length - position];
                    stream.Position = position;
                    stream.ReadExactly(after);
                    if (after.Contains((byte)'\n'))
                    {
                        return (AppendOutcome.PositionMoved, 0);
                    }

                    stream.SetLength(position);
                }

                stream.Position = position;
                stream.Write(data.Span);
                stream.Flush();
                return (AppendOutcome.Appended, position + data.Length);
            }
        }
    }

    public Task CreateOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken)
    {
        var path = files.Full(SegmentNames.Open(pipeline, id));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
        {
        }

        return Task.CompletedTask;
    }

    public Task DeleteOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken)
    {
        File.Delete(files.Full(SegmentNames.Open(pipeline, id)));
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadSealedAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref objectsRead);
        return LocalFiles.TryReadAsync(files.Full(SegmentNames.Sealed(pipeline, id)), cancellationToken);
    }

    public Task WriteSealedAsync(PipelineKey pipeline, long id, byte[] compressed, CancellationToken cancellationToken) =>
        files.WriteAtomicAsync(files.Full(SegmentNames.Sealed(pipeline, id)), compressed, cancellationToken);

    public Task OnPipelineCreatedAsync(PipelineKey pipeline, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> HasLegacyAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        return Task.FromResult(File.Exists(files.Full(prefix + IndexFile.Name)) || Directory.Exists(files.Full(prefix + StoreNames.KeysFolder)));
    }

    public Task<bool> LegacyContainsAsync(RunKey key, CancellationToken cancellationToken) => legacyLog.ContainsAsync(key, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> LegacyLastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken) =>
        legacyReader.LastAsync(pipeline, count, report, cancellationToken);

    public IAsyncEnumerable<RunRecord> LegacyAllAsync(PipelineKey pipeline, StoreReadReport? report, CancellationToken cancellationToken) =>
        legacyReader.AllAsync(pipeline, report, cancellationToken);

    public static SegmentHead ParseHead(byte[] bytes, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, SegmentJsonContext.Default.SegmentHead)
                ?? throw new CorruptStoreItemException(path, "expected a JSON object, found null");
        }
        catch (JsonException ex)
        {
            throw new CorruptStoreItemException(path, $"expected the run log's head document (JSON with 'open' and 'sealed'): {ex.Message}");
        }
    }
}
