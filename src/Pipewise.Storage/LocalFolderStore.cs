using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The embedded default store: a folder with the same layout and semantics as the blob store.
/// Every file is written to <c>.tmp/</c> and renamed into place (readers never see half a file);
/// documents use content ETags with compare-and-swap under an OS file lock (safe between threads and
/// processes); each pipeline keeps an append-only index (<c>~index</c>) that is read from its end, so
/// the last N runs are found without listing the history. See docs/adrs/0002-store-layout.md.
/// </summary>
public sealed class LocalFolderStore : IPipewiseStore
{
    private const string IndexFile = "~index";
    private const string TempFolder = ".tmp";
    private const string LockFolder = ".locks";
    private const int IndexChunk = 64 * 1024;
    private readonly string root;
    private readonly TimeSpan lockTimeout;

    public LocalFolderStore(string folder, TimeSpan? lockTimeout = null)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException("The store folder must be a non-empty path.", nameof(folder));
        }

        root = Path.GetFullPath(folder);
        if (File.Exists(root))
        {
            throw new ArgumentException($"The store folder '{root}' is a file; expected a folder (it is created when missing).", nameof(folder));
        }

        this.lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The full path of the store folder.</summary>
    public string Root => root;

    public string Description => $"local folder {root}";

    /// <summary>How many index lines the last <see cref="GetLastRunsAsync"/> pass examined (a diagnostic for tests).</summary>
    internal int LastIndexLinesRead { get; private set; }

    public async Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunReading.ValidateForAppend(run);
        var pipeline = run.Pipeline;
        var name = StoreNames.RecordName(run);
        var marker = Full(StoreNames.KeyMarkerPath(run.Key));
        await using (await LockAsync(StoreNames.PipelinePrefix(pipeline), cancellationToken).ConfigureAwait(false))
        {
            // The key marker is written last: it is the commit point. A crash before it leaves a record and
            // perhaps an index line, which the next append of the same run rewrites (same name) without duplicating.
            if (File.Exists(marker))
            {
                return false;
            }

            await WriteAtomicAsync(Full(StoreNames.RecordPath(pipeline, name)), RunRecordJson.Serialize(run), cancellationToken).ConfigureAwait(false);
            AppendIndexLine(Full(StoreNames.PipelinePrefix(pipeline) + IndexFile), name);
            await WriteAtomicAsync(marker, Encoding.UTF8.GetBytes(name), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return [];
        }

        var prefix = StoreNames.PipelinePrefix(pipeline);
        var indexPath = Full(prefix + IndexFile);
        var seen = new Dictionary<string, RunRecord?>(StringComparer.Ordinal);
        var want = count;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var linesRead = 0;
            var names = File.Exists(indexPath) ? TopNamesFromIndex(indexPath, want, out linesRead) : TopNamesFromFolder(Full(prefix), want);
            LastIndexLinesRead = linesRead;
            var found = new List<RunRecord>(count);
            foreach (var name in names)
            {
                if (!seen.TryGetValue(name, out var record))
                {
                    record = await ReadRecordAsync(prefix, name, report, cancellationToken).ConfigureAwait(false);
                    seen[name] = record;
                }

                if (record is not null)
                {
                    found.Add(record);
                    if (found.Count == count)
                    {
                        break;
                    }
                }
            }

            if (found.Count == count || names.Count < want)
            {
                found.Reverse();
                return found;
            }

            // Some of the newest were corrupt or missing: look further back.
            want = (want * 2) + 16;
        }
    }

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        var indexPath = Full(prefix + IndexFile);
        var names = File.Exists(indexPath) ? AllNamesFromIndex(indexPath) : TopNamesFromFolder(Full(prefix), int.MaxValue);
        for (var i = names.Count - 1; i >= 0; i--)
        {
            var record = await ReadRecordAsync(prefix, names[i], report, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    public async Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default)
    {
        var marker = Full(StoreNames.KeyMarkerPath(key));
        var bytes = await TryReadAsync(marker, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return false;
        }

        var name = Encoding.UTF8.GetString(bytes).Trim();
        return StoreNames.IsOrderName(name) && File.Exists(Full(StoreNames.RecordPath(key.Pipeline, name)));
    }

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<PipelineKey>();
        var runs = Full(StoreNames.RunsRoot);
        if (Directory.Exists(runs))
        {
            foreach (var dir in Directory.EnumerateDirectories(runs, "*", new EnumerationOptions { RecurseSubdirectories = false }).SelectMany(Children).SelectMany(Children).SelectMany(Children))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!File.Exists(Path.Combine(dir, IndexFile)) && !Directory.Exists(Path.Combine(dir, StoreNames.KeysFolder)))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(runs, dir).Replace(Path.DirectorySeparatorChar, '/');
                if (!relative.Split('/').Any(s => s.StartsWith('~')) && PipelineKey.TryParse(relative, out var key))
                {
                    result.Add(key);
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return Task.FromResult<IReadOnlyList<PipelineKey>>(result);

        static IEnumerable<string> Children(string dir) =>
            Path.GetFileName(dir).StartsWith('~') ? [] : Directory.EnumerateDirectories(dir);
    }

    public async Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        return await GetCoreAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        return PutCoreAsync(path, content, ifMatch, cancellationToken);
    }

    public async Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidateDocumentPath(path);
        await using (await LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(Full(path));
        }
    }

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreNames.ValidatePrefix(prefix);
        var slash = prefix.LastIndexOf('/');
        var baseDir = slash < 0 ? root : Full(prefix[..slash]);
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
                var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
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

    public async Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = StoreNames.ModelFilePath(model, version, file);
        await using (await LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var existing = await TryReadAsync(Full(path), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (existing.AsSpan().SequenceEqual(content.Span))
                {
                    return;
                }

                throw new InvalidOperationException($"Model file '{path}' already exists with different content; model versions are immutable, publish a new version instead.");
            }

            await WriteAtomicAsync(Full(path), content, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        TryReadAsync(Full(StoreNames.ModelFilePath(model, version, file)), cancellationToken);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        var dir = Full("models/" + StoreNames.ValidateModelSegment(model, "name"));
        IReadOnlyList<string> versions = Directory.Exists(dir)
            ? [.. Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>().Where(v => !v.StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(versions);
    }

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) =>
        GetCoreAsync(StoreNames.ModelCurrentPath(model), cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var path = StoreNames.ModelCurrentPath(model);
        StoreNames.ValidateModelSegment(version, "version");
        var versionDir = Full($"models/{model}/{version}");
        if (!Directory.Exists(versionDir) || !Directory.EnumerateFiles(versionDir).Any())
        {
            throw new ArgumentException($"Model '{model}' has no stored version '{version}'; store its files with PutModelFileAsync first.", nameof(version));
        }

        return PutCoreAsync(path, Encoding.UTF8.GetBytes(version), ifMatch, cancellationToken);
    }

    private async Task<StoredDocument?> GetCoreAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await TryReadAsync(Full(path), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new StoredDocument(path, bytes, RunReading.ContentETag(bytes));
    }

    private async Task<string> PutCoreAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken)
    {
        var full = Full(path);
        await using (await LockAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var current = await TryReadAsync(full, cancellationToken).ConfigureAwait(false);
            if (ifMatch is null ? current is not null : current is null || !string.Equals(RunReading.ContentETag(current), ifMatch, StringComparison.Ordinal))
            {
                throw new DocumentConflictException(path);
            }

            await WriteAtomicAsync(full, content, cancellationToken).ConfigureAwait(false);
            return RunReading.ContentETag(content.Span);
        }
    }

    private async Task<RunRecord?> ReadRecordAsync(string prefix, string name, StoreReadReport? report, CancellationToken cancellationToken)
    {
        var key = prefix + name + StoreNames.RecordSuffix;
        var bytes = await TryReadAsync(Full(key), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            RunReading.ReportMissing(key, report);
            return null;
        }

        return RunReading.Parse(bytes, key, report);
    }

    /// <summary>
    /// Reads the index from its end. Each line is <c>name TAB bound</c> where bound is the smallest (newest)
    /// name of all lines up to and including it; once the bound is larger than the worst of the newest
    /// <paramref name="want"/> names found so far, no earlier line can be newer, so reading stops. When runs are
    /// appended roughly in creation order this reads about <paramref name="want"/> lines.
    /// </summary>
    private static List<string> TopNamesFromIndex(string indexPath, int want, out int linesRead)
    {
        linesRead = 0;
        var best = new SortedSet<string>(StringComparer.Ordinal);
        var chunk = (int)Math.Clamp(want * 256L, 4096, IndexChunk);
        foreach (var (name, bound) in ReadIndexBackward(indexPath, chunk))
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

    private static List<string> AllNamesFromIndex(string indexPath)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in ReadIndexBackward(indexPath))
        {
            all.Add(name);
        }

        var list = all.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Fallback when a pipeline folder has no index (e.g. copied from a container): list the folder.</summary>
    private static List<string> TopNamesFromFolder(string folder, int want)
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

    private static IEnumerable<(string Name, string Bound)> ReadIndexBackward(string indexPath, int chunk = IndexChunk)
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
                    if (TryParseIndexLine(data.AsSpan(i + 1, lineEnd - i - 1), out var entry))
                    {
                        lines.Add(entry);
                    }

                    lineEnd = i;
                }
            }

            if (position == 0)
            {
                if (TryParseIndexLine(data.AsSpan(0, lineEnd), out var first))
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

    private static bool TryParseIndexLine(ReadOnlySpan<byte> line, out (string Name, string Bound) entry)
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

    private static void AppendIndexLine(string indexPath, string name)
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
            foreach (var (_, b) in ReadIndexBackward(indexPath, 4096))
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

    /// <summary>The lock file that guards one document, model file or pipeline run folder.</summary>
    internal string LockPath(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        return Path.Combine(root, LockFolder, hash + ".lock");
    }

    private Task<FileLock> LockAsync(string key, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(LockPath(key), lockTimeout, cancellationToken);

    private Task WriteAtomicAsync(string target, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var tempDir = Path.Combine(root, TempFolder);
        Directory.CreateDirectory(tempDir);
        var temp = Path.Combine(tempDir, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Synchronous I/O: the files are small and local, and thread-pool hops per write cost more than the write.
            cancellationToken.ThrowIfCancellationRequested();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
            {
                stream.Write(content.Span);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
            return Task.CompletedTask;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static Task<byte[]?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<byte[]?>(File.ReadAllBytes(path));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<byte[]?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<byte[]?>(null);
        }
    }

    private string Full(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{StoreNames.Truncate(relative)}' points outside the store folder.", nameof(relative));
        }

        return full;
    }
}
