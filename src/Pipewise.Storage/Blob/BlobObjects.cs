using Azure;
using Azure.Storage.Blobs.Models;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>The single-blob requests the store is built from: create-only uploads, ETag compare-and-swap, reads, deletes.</summary>
internal sealed class BlobObjects(BlobRequests requests)
{
    private const string WriteIdMetadata = "pipewisewrite";

    /// <summary>Uploads a blob only if it does not exist; false when it already existed.</summary>
    public Task<bool> CreateIfAbsentAsync(string path, BinaryData data, string contentType, CancellationToken cancellationToken) =>
        requests.RunAsync("write", path, async ct =>
        {
            try
            {
                var upload = new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                };
                await requests.Container.GetBlobClient(path).UploadAsync(data, upload, ct).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode != BlobErrorCode.ContainerBeingDeleted)
            {
                return false;
            }
        }, cancellationToken);

    public Task<BinaryData?> DownloadOrNullAsync(string path, CancellationToken cancellationToken) =>
        requests.RunAsync("read", path, async ct =>
        {
            try
            {
                var response = await requests.Container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false);
                return response.Value.Content;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        }, cancellationToken);

    public Task<bool> ExistsAsync(string operation, string path, CancellationToken cancellationToken) =>
        requests.RunAsync(operation, path, async ct =>
        {
            var exists = await requests.Container.GetBlobClient(path).ExistsAsync(ct).ConfigureAwait(false);
            return exists.Value;
        }, cancellationToken);

    public Task<bool> DeleteIfExistsAsync(string operation, string path, CancellationToken cancellationToken) =>
        requests.RunAsync(operation, path, async ct =>
        {
            await requests.Container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>A document with the service's ETag; null when absent.</summary>
    public Task<StoredDocument?> ReadDocumentAsync(string path, CancellationToken cancellationToken) =>
        requests.RunAsync("read", path, async ct =>
        {
            try
            {
                var response = await requests.Container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false);
                return new StoredDocument(path, response.Value.Content.ToArray(), response.Value.Details.ETag.ToString());
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>
    /// Writes with If-Match on <paramref name="ifMatch"/>, or If-None-Match:* when it is null; 409/412 become
    /// <see cref="DocumentConflictException"/>. Each write carries a write id, so that a conflict seen by a retried
    /// attempt whose first answer was lost is recognised as our own write.
    /// </summary>
    public async Task<string> WriteDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, string contentType, CancellationToken cancellationToken)
    {
        var writeId = Guid.NewGuid().ToString("N");
        var data = BinaryData.FromBytes(content);
        var attempts = 0;
        return await requests.RunAsync("write", path, async ct =>
        {
            attempts++;
            var blob = requests.Container.GetBlobClient(path);
            var upload = new BlobUploadOptions
            {
                Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
                Metadata = new Dictionary<string, string> { [WriteIdMetadata] = writeId },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            };
            try
            {
                var response = await blob.UploadAsync(data, upload, ct).ConfigureAwait(false);
                return response.Value.ETag.ToString();
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (attempts > 1)
                {
                    // A retry after a lost answer: if the blob carries our write id, our write did land.
                    try
                    {
                        var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
                        if (properties.Value.Metadata.TryGetValue(WriteIdMetadata, out var id) && id == writeId)
                        {
                            return properties.Value.ETag.ToString();
                        }
                    }
                    catch (RequestFailedException notFound) when (notFound.Status == 404)
                    {
                    }
                }

                throw new DocumentConflictException(path, ex);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
