using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// The file primitives of <see cref="LocalFolderStore"/>: paths confined to the store folder, writes to
/// <c>.tmp/</c> renamed into place (readers never see half a file), reads that answer null when absent, and
/// <see cref="FileLock"/>s under <c>.locks/</c>.
/// </summary>
internal sealed class LocalFiles(string root, TimeSpan lockTimeout, TimeProvider time, Func<double> random)
{
    private const string TempFolder = ".tmp";
    private const string LockFolder = ".locks";

    public string Root => root;

    /// <summary>The full path of a store key, refused when it points outside the store folder.</summary>
    public string Full(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{StoreNames.Truncate(relative)}' points outside the store folder.", nameof(relative));
        }

        return full;
    }

    /// <summary>The lock file that guards one document, model file or pipeline run folder.</summary>
    public string LockPath(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        return Path.Combine(root, LockFolder, hash + ".lock");
    }

    public Task<FileLock> LockAsync(string key, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(LockPath(key), lockTimeout, time, random, cancellationToken);

    /// <summary>The content in a new file of the store's temp folder (deleted again when writing it fails).</summary>
    private string WriteTemp(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var tempDir = Path.Combine(root, TempFolder);
        Directory.CreateDirectory(tempDir);
        var temp = Path.Combine(tempDir, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Synchronous I/O: the files are small and local, and thread-pool hops per write cost more than the write.
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            stream.Write(content.Span);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return temp;
    }

    public Task WriteAtomicAsync(string target, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = WriteTemp(content, cancellationToken);
        try
        {
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

    /// <summary>
    /// Writes a new file atomically, and only if it does not exist yet (<see cref="AtomicCreate"/>: a hard link from a temp
    /// file, which the kernel refuses when the name is taken). No lock file is needed, so creating many small documents
    /// leaves nothing behind.
    /// </summary>
    /// <returns>False when the file already existed (it is left as it was).</returns>
    public bool CreateAtomic(string target, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = WriteTemp(content, cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            return AtomicCreate.TryPlace(temp, target);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public static Task<byte[]?> TryReadAsync(string path, CancellationToken cancellationToken)
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
}
