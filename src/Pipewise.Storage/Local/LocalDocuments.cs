using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// JSON documents as files: content ETags (<see cref="RunReading.ContentETag"/>) and compare-and-swap under the
/// document's <see cref="FileLock"/>, safe between threads and processes.
/// </summary>
internal sealed class LocalDocuments(LocalFiles files)
{
    public async Task<StoredDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        return await ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> PutAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        return WriteAsync(path, content, ifMatch, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        StoreNames.ValidateDocumentPath(path);
        if (!File.Exists(files.LockPath(path)))
        {
            // Never written with If-Match (a verdict entry, a replay mark): nothing to wait for, and no lock file to leave.
            cancellationToken.ThrowIfCancellationRequested();
            DeleteIfPresent(files.Full(path));
            return;
        }

        await using (await files.LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            DeleteIfPresent(files.Full(path));
        }
    }

    private static void DeleteIfPresent(string full)
    {
        try
        {
            File.Delete(full);
        }
        catch (DirectoryNotFoundException)
        {
            // Its folder is not there either: nothing to delete.
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        StoreNames.ValidatePrefix(prefix);
        var slash = prefix.LastIndexOf('/');
        var baseDir = slash < 0 ? files.Root : files.Full(prefix[..slash]);
        var result = new List<string>();
        var pending = new Stack<string>();
        if (Directory.Exists(baseDir))
        {
            pending.Push(baseDir);
        }

        // Walk folder by folder so that the run log (runs/) and the store's own .tmp/.locks are never entered.
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(files.Root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (entry.Name.StartsWith('.') || relative == "runs")
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    var asPrefix = relative + "/";
                    if (asPrefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(asPrefix, StringComparison.Ordinal))
                    {
                        pending.Push(entry.FullName);
                    }
                }
                else if (relative.StartsWith(prefix, StringComparison.Ordinal))
                {
                    result.Add(relative);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(result);
    }

    /// <summary>Reads any store key as a document (no path rules: the model registry's <c>current</c> uses it too).</summary>
    public async Task<StoredDocument?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await LocalFiles.TryReadAsync(files.Full(path), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new StoredDocument(path, bytes, RunReading.ContentETag(bytes));
    }

    /// <summary>Compare-and-swap under the key's lock: a null <paramref name="ifMatch"/> means "must not exist".</summary>
    public async Task<string> WriteAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken)
    {
        var full = files.Full(path);
        if (ifMatch is null)
        {
            // Create-if-absent needs no lock: the file appears whole or not at all, and only if the name is free.
            return files.CreateAtomic(full, content, cancellationToken) ? RunReading.ContentETag(content.Span) : throw new DocumentConflictException(path);
        }

        await using (await files.LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var current = await LocalFiles.TryReadAsync(full, cancellationToken).ConfigureAwait(false);
            if (ifMatch is null ? current is not null : current is null || !string.Equals(RunReading.ContentETag(current), ifMatch, StringComparison.Ordinal))
            {
                throw new DocumentConflictException(path);
            }

            await files.WriteAtomicAsync(full, content, cancellationToken).ConfigureAwait(false);
            return RunReading.ContentETag(content.Span);
        }
    }
}
