using System.Collections.Concurrent;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// An exclusive lock between threads and processes: an in-process semaphore per lock file (so threads queue
/// without spinning), then the lock file opened with <see cref="FileShare.None"/>, which .NET implements with an
/// OS lock (flock on Unix, share modes on Windows) that another process cannot take until it is closed.
/// Lock files are never deleted (deleting them would let two holders in).
/// </summary>
internal sealed class FileLock : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate;
    private readonly FileStream stream;

    private FileLock(SemaphoreSlim gate, FileStream stream)
    {
        this.gate = gate;
        this.stream = stream;
    }

    public static async Task<FileLock> AcquireAsync(string lockPath, TimeSpan timeout, TimeProvider time, Func<double> random, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(lockPath, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreUnavailableException($"Timed out after {timeout.TotalSeconds:0} s waiting for the store lock '{lockPath}' (held by another thread of this process).");
        }

        try
        {
            var deadline = time.GetUtcNow() + timeout;
            var delay = 1;
            while (true)
            {
                try
                {
                    var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new FileLock(gate, stream);
                }
                catch (DirectoryNotFoundException)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
                }
                catch (IOException ex) when (ex is not FileNotFoundException)
                {
                    if (time.GetUtcNow() > deadline)
                    {
                        throw new StoreUnavailableException($"Timed out after {timeout.TotalSeconds:0} s waiting for the store lock '{lockPath}' (held by another process?): {ex.Message}", ex);
                    }

                    // A delay from delay to 2 × delay ms, so that waiting threads and processes do not retry in step.
                    await Task.Delay(TimeSpan.FromMilliseconds(delay + (int)(random() * (delay + 1))), time, cancellationToken).ConfigureAwait(false);
                    delay = Math.Min(delay * 2, 20);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new StoreUnavailableException($"Cannot open the store lock '{lockPath}': {ex.Message}", ex);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        gate.Release();
    }
}
