using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipewise.Core.Storage;
using Polly;
using Polly.Timeout;

namespace Pipewise.Storage;

/// <summary>
/// The fault boundary of <see cref="BlobStore"/>: every request runs here under the retry pipeline, and failures
/// become the store's exceptions. Messages name the operation, the key and the store, never a secret.
/// </summary>
internal sealed class BlobRequests(BlobContainerClient container, BlobStoreOptions options, string description)
{
    private readonly ResiliencePipeline pipeline = BlobFaults.BuildPipeline(options);

    public BlobContainerClient Container => container;

    public BlobStoreOptions Options => options;

    public string Description => description;

    /// <summary>
    /// Runs one request under the retry pipeline and turns failures into the store's exceptions: transient faults
    /// are retried until <see cref="BlobStoreOptions.MaxRetryTime"/>; a missing container is created once when
    /// allowed; anything else fails fast with <see cref="StoreUnavailableException"/>. Messages never hold secrets.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var createdContainer = false;
        while (true)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                return await pipeline.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false), context, action).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound && options.CreateContainer && !createdContainer)
            {
                createdContainer = true;
                await CreateContainerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': the container does not exist in {description}" + (options.CreateContainer ? " and could not be created." : " (creating it is switched off)."));
            }
            catch (RequestFailedException ex) when (ex.Status is 401 or 403)
            {
                // No inner exception: the service's answer can quote the request it refused.
                throw new StoreUnavailableException($"Cannot {operation} '{key}': access denied by {description} (HTTP {ex.Status} {ex.ErrorCode}). Check that the SAS is valid, not expired and has read/write/list/create permissions, or that the identity has the 'Storage Blob Data Contributor' role.");
            }
            catch (RequestFailedException ex)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}' in {description}: HTTP {ex.Status} {ex.ErrorCode}: {Secrets.Redact(BlobFaults.FirstLine(ex.Message))}", ex);
            }
            catch (TimeoutRejectedException ex)
            {
                context.Properties.TryGetValue(BlobFaults.LastErrorKey, out var last);
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {description} did not answer successfully within {options.MaxRetryTime.TotalSeconds:0.#} s of retries (last error: {last ?? "timeout"}).", ex);
            }
            catch (AuthenticationFailedException ex)
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': no Azure credential could get a token for {description}: {Secrets.Redact(BlobFaults.FirstLine(ex.Message))}. Sign in (az login), set a managed identity, or use a SAS URL or connection string.");
            }
            catch (Exception ex) when (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                context.Properties.TryGetValue(BlobFaults.LastErrorKey, out var last);
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {description} timed out (last error: {last ?? "timeout"}).", ex);
            }
            catch (Exception ex) when (BlobFaults.IsTransient(ex))
            {
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {description} is unreachable: {Secrets.Redact(BlobFaults.FirstLine(ex.Message))}", ex);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or System.Xml.XmlException or FormatException or InvalidOperationException or NullReferenceException)
            {
                // The Azure SDK parses the answer as Blob Storage's; an endpoint that is not Azure Storage (a web
                // server, a proxy page) fails that parse with a message that names nothing ("The given key was not
                // present in the dictionary."). Say what is wrong instead; no inner message, it explains nothing.
                throw new StoreUnavailableException($"Cannot {operation} '{key}': {description} did not answer like Azure Blob Storage ({ex.GetType().Name} while reading its response). Check that the store URL points at a storage account's blob endpoint (https://<account>.blob.core.windows.net/<container>) or at the Azurite emulator.", ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(static async (ctx, c) => await c.CreateIfNotExistsAsync(cancellationToken: ctx.CancellationToken).ConfigureAwait(false), context, container).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new StoreUnavailableException($"The container does not exist in {description} and could not be created (HTTP {ex.Status} {ex.ErrorCode}); create it, or use credentials that may create containers.");
        }
        catch (TimeoutRejectedException ex)
        {
            throw new StoreUnavailableException($"The container does not exist in {description} and creating it timed out after {options.MaxRetryTime.TotalSeconds:0.#} s.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
