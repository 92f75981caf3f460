using System.Collections.Concurrent;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Appends to the blob run log (key marker created with If-None-Match:*, then the record), answers whether a run is
/// stored, and keeps the pipeline registry (one empty blob per pipeline) that lists pipelines without a walk.
/// </summary>
internal sealed class BlobRunLog(BlobObjects objects, BlobListing listing)
{
    /// <summary>Blob only: one empty blob per pipeline, so listing pipelines needs no walk of the run log.</summary>
    private const string PipelineRegistry = "runs/~pipelines/";
    private readonly ConcurrentDictionary<string, bool> registeredPipelines = new(StringComparer.Ordinal);

    public async Task<bool> AppendAsync(RunRecord run, CancellationToken cancellationToken)
    {
        RunReading.ValidateForAppend(run);
        var pipelineKey = run.Pipeline;
        await RegisterPipelineAsync(pipelineKey, cancellationToken).ConfigureAwait(false);
        var name = StoreNames.RecordName(run);
        var markerPath = StoreNames.KeyMarkerPath(run.Key);
        var writeId = Guid.NewGuid().ToString("N");

        // The key marker is the idempotence point: created with If-None-Match:*, so of two appends of the same
        // run only one creates it. The record is written after it, also create-only, under a name computed from
        // the run; an append that finds the marker repairs a missing record (a crash between the two writes).
        var created = await objects.CreateIfAbsentAsync(markerPath, BinaryData.FromString(name + "\n" + writeId), "text/plain", cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            var marker = await objects.DownloadOrNullAsync(markerPath, cancellationToken).ConfigureAwait(false);
            var lines = marker is null ? [] : marker.ToString().Split('\n');
            if (lines.Length >= 1 && StoreNames.IsOrderName(lines[0]))
            {
                name = lines[0];
            }

            // Our own earlier attempt whose answer was lost (a retried request) still counts as ours.
            created = lines.Length >= 2 && lines[1] == writeId;
        }

        await objects.CreateIfAbsentAsync(StoreNames.RecordPath(pipelineKey, name), BinaryData.FromBytes(RunRecordJson.Serialize(run)), "application/json", cancellationToken).ConfigureAwait(false);
        return created;
    }

    public async Task<bool> ContainsAsync(RunKey key, CancellationToken cancellationToken)
    {
        var marker = await objects.DownloadOrNullAsync(StoreNames.KeyMarkerPath(key), cancellationToken).ConfigureAwait(false);
        var name = marker?.ToString().Split('\n')[0];
        if (name is null || !StoreNames.IsOrderName(name))
        {
            return false;
        }

        return await objects.ExistsAsync("check run", StoreNames.RecordPath(key.Pipeline, name), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken)
    {
        var result = new List<PipelineKey>();
        string? continuation = null;
        do
        {
            var (page, next) = await listing.PageAsync(PipelineRegistry, continuation, BlobListing.MaxPage, cancellationToken).ConfigureAwait(false);
            continuation = next;
            foreach (var blobName in page)
            {
                if (PipelineKey.TryParse(blobName[PipelineRegistry.Length..], out var key))
                {
                    result.Add(key);
                }
            }
        }
        while (continuation is not null);
        return result;
    }

    public async Task RegisterPipelineAsync(PipelineKey pipelineKey, CancellationToken cancellationToken)
    {
        var segments = StoreNames.PipelineSegments(pipelineKey);
        if (registeredPipelines.ContainsKey(segments))
        {
            return;
        }

        await objects.CreateIfAbsentAsync(PipelineRegistry + segments, BinaryData.Empty, "text/plain", cancellationToken).ConfigureAwait(false);
        registeredPipelines.TryAdd(segments, true);
    }
}
