using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Reads the blob run log. Record names sort newest first, so the first listing page holds the newest runs;
/// records are downloaded in parallel (<see cref="BlobStoreOptions.ReadParallelism"/>) and corrupt ones reported.
/// </summary>
internal sealed class BlobRunReader(BlobObjects objects, BlobListing listing, BlobStoreOptions options)
{
    public async Task<IReadOnlyList<RunRecord>> LastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var prefix = StoreNames.PipelinePrefix(pipeline);
        var found = new List<RunRecord>(count);
        string? continuation = null;
        var end = false;
        while (!end && found.Count < count)
        {
            // Names sort newest first, so the first page of the listing holds the newest runs.
            var pageSize = Math.Clamp(count - found.Count + 4, 1, BlobListing.MaxPage);
            var (names, next) = await listing.PageAsync(prefix, continuation, pageSize, cancellationToken).ConfigureAwait(false);
            continuation = next;
            var records = new List<string>();
            end = CollectRecordNames(prefix, names, records);
            foreach (var record in await ReadRecordsAsync(records, report, cancellationToken).ConfigureAwait(false))
            {
                if (record is not null && found.Count < count)
                {
                    found.Add(record);
                }
            }

            end |= continuation is null;
        }

        found.Reverse();
        return found;
    }

    public async IAsyncEnumerable<RunRecord> AllAsync(PipelineKey pipeline, StoreReadReport? report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        var names = new List<string>();
        string? continuation = null;
        do
        {
            var (page, next) = await listing.PageAsync(prefix, continuation, BlobListing.MaxPage, cancellationToken).ConfigureAwait(false);
            continuation = CollectRecordNames(prefix, page, names) ? null : next;
        }
        while (continuation is not null);

        names.Reverse(); // oldest first
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<RunRecord?>>();
        var nextIndex = 0;
        try
        {
            while (nextIndex < names.Count || window.Count > 0)
            {
                while (window.Count < Math.Max(1, options.ReadParallelism) && nextIndex < names.Count)
                {
                    window.Enqueue(ReadRecordAsync(names[nextIndex++], report, stop.Token));
                }

                var record = await window.Dequeue().ConfigureAwait(false);
                if (record is not null)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in window)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or StoreUnavailableException)
                {
                    // Abandoned reads of a consumer that stopped early.
                }
            }
        }
    }

    /// <summary>Adds the record blobs of a listing page to <paramref name="records"/>; true once past the records ('~keys/' sorts after digits).</summary>
    private static bool CollectRecordNames(string prefix, List<string> page, List<string> records)
    {
        foreach (var blobName in page)
        {
            var relative = blobName[prefix.Length..];
            if (relative.Length == 0 || !char.IsAsciiDigit(relative[0]))
            {
                return true;
            }

            if (StoreNames.IsRecordName(relative))
            {
                records.Add(blobName);
            }
        }

        return false;
    }

    private async Task<RunRecord?> ReadRecordAsync(string path, StoreReadReport? report, CancellationToken cancellationToken)
    {
        var data = await objects.DownloadOrNullAsync(path, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            RunReading.ReportMissing(path, report);
            return null;
        }

        return RunReading.Parse(data.ToMemory().Span, path, report);
    }

    private async Task<IReadOnlyList<RunRecord?>> ReadRecordsAsync(IReadOnlyList<string> paths, StoreReadReport? report, CancellationToken cancellationToken)
    {
        using var throttle = new SemaphoreSlim(Math.Max(1, options.ReadParallelism));
        var tasks = paths.Select(async path =>
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReadRecordAsync(path, report, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                throttle.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
