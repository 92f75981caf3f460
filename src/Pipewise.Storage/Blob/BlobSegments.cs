using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Blob Storage's <see cref="ISegmentBackend"/>: the open segment is an append blob, appended to with an
/// append-position condition (an append block is atomic: it lands whole or not at all, so nothing half-written is ever
/// read back); the head is a block blob written with If-Match; sealed segments are block blobs. The v1 records of
/// ADR 0002 are read through <see cref="BlobRunReader"/> and <see cref="BlobRunLog"/>.
/// </summary>
internal sealed class BlobSegments(BlobRequests requests, BlobObjects objects, BlobListing listing, BlobRunLog legacyLog, BlobRunReader legacyReader) : ISegmentBackend
{
    public async Task<(SegmentHead? Head, string? ETag)> ReadHeadAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var path = SegmentNames.Head(pipeline);
        var doc = await objects.ReadDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        if (doc is null)
        {
            return (null, null);
        }

        if (doc.Content.Length == 0 || doc.Content[0] != (byte)'{')
        {
            // Not even a JSON object: a web server or proxy page answering in place of Blob Storage, not a damaged head.
            throw new StoreUnavailableException($"Cannot read '{path}': {requests.Description} did not answer like Azure Blob Storage (the answer is not a document Pipewise wrote). Check that the store URL points at a storage account's blob endpoint (https://<account>.blob.core.windows.net/<container>) or at the Azurite emulator.");
        }

        return (LocalSegments.ParseHead(doc.Content, path), doc.ETag);
    }

    public async Task<string?> WriteHeadAsync(PipelineKey pipeline, SegmentHead head, string? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var content = JsonSerializer.SerializeToUtf8Bytes(head, SegmentJsonContext.Default.SegmentHead);
            return await objects.WriteDocumentAsync(SegmentNames.Head(pipeline), content, ifMatch, "application/json", cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentConflictException)
        {
            return null;
        }
    }

    public Task<byte[]?> ReadOpenAsync(PipelineKey pipeline, long id, long offset, CancellationToken cancellationToken)
    {
        var path = SegmentNames.Open(pipeline, id);
        return requests.RunAsync("read", path, async ct =>
        {
            var blob = requests.Container.GetBlobClient(path);
            try
            {
                var options = offset > 0 ? new BlobDownloadOptions { Range = new HttpRange(offset) } : null;
                var response = await blob.DownloadContentAsync(options, ct).ConfigureAwait(false);
                return response.Value.Content.ToArray();
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 416)
            {
                // A range at or past the end: nothing new when the blob ends exactly there.
                try
                {
                    var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
                    return properties.Value.ContentLength == offset ? [] : null;
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                    return null;
                }
            }
        }, cancellationToken);
    }

    public async Task<(AppendOutcome Outcome, long Position)> AppendOpenAsync(PipelineKey pipeline, long id, long position, long tail, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var path = SegmentNames.Open(pipeline, id);
        var expected = position + tail;
        var body = new byte[data.Length + (tail > 0 ? 1 : 0)];
        if (tail > 0)
        {
            body[0] = (byte)'\n';
        }

        data.Span.CopyTo(body.AsSpan(tail > 0 ? 1 : 0));
        var attempts = 0;
        var outcome = await requests.RunAsync("append to", path, async ct =>
        {
            attempts++;
            try
            {
                using var stream = new MemoryStream(body, writable: false);
                var options = new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = expected } };
                await requests.Container.GetAppendBlobClient(path).AppendBlockAsync(stream, options, ct).ConfigureAwait(false);
                return AppendOutcome.Appended;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return attempts > 1 ? AppendOutcome.PositionMovedOnRetry : AppendOutcome.PositionMoved;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return AppendOutcome.Missing;
            }
        }, cancellationToken).ConfigureAwait(false);
        return (outcome, outcome == AppendOutcome.Appended ? expected + body.Length : 0);
    }

    public Task CreateOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken)
    {
        var path = SegmentNames.Open(pipeline, id);
        return requests.RunAsync("create", path, async ct =>
        {
            await requests.Container.GetAppendBlobClient(path).CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task DeleteOpenAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken) =>
        objects.DeleteIfExistsAsync("delete sealed segment", SegmentNames.Open(pipeline, id), cancellationToken);

    public async Task<byte[]?> ReadSealedAsync(PipelineKey pipeline, long id, CancellationToken cancellationToken) =>
        (await objects.DownloadOrNullAsync(SegmentNames.Sealed(pipeline, id), cancellationToken).ConfigureAwait(false))?.ToArray();

    public Task WriteSealedAsync(PipelineKey pipeline, long id, byte[] compressed, CancellationToken cancellationToken)
    {
        var path = SegmentNames.Sealed(pipeline, id);
        return requests.RunAsync("write", path, async ct =>
        {
            var upload = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" } };
            await requests.Container.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(compressed), upload, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task OnPipelineCreatedAsync(PipelineKey pipeline, CancellationToken cancellationToken) => legacyLog.RegisterPipelineAsync(pipeline, cancellationToken);

    public async Task<bool> HasLegacyAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        var (names, _) = await listing.PageAsync(prefix, null, 1, cancellationToken).ConfigureAwait(false);
        return names.Count > 0 && names[0][prefix.Length..] is var relative
            && (relative.Length > 0 && char.IsAsciiDigit(relative[0]) || relative.StartsWith(StoreNames.KeysFolder + "/", StringComparison.Ordinal));
    }

    public Task<bool> LegacyContainsAsync(RunKey key, CancellationToken cancellationToken) => legacyLog.ContainsAsync(key, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> LegacyLastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken) =>
        legacyReader.LastAsync(pipeline, count, report, cancellationToken);

    public IAsyncEnumerable<RunRecord> LegacyAllAsync(PipelineKey pipeline, StoreReadReport? report, CancellationToken cancellationToken) =>
        legacyReader.AllAsync(pipeline, report, cancellationToken);
}
