using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pipewise.Core.Storage;

/// <summary>Read-modify-write of JSON documents with optimistic concurrency.</summary>
public static class DocumentStoreExtensions
{
    /// <summary>
    /// Reads the document, applies <paramref name="update"/>, and writes it with If-Match on the ETag read;
    /// on a conflict it re-reads and tries again (up to <paramref name="maxAttempts"/>). The update function may
    /// run several times and must be pure. Returning null from it means "no change": nothing is written.
    /// </summary>
    public static async Task<T?> UpdateDocumentAsync<T>(
        this IDocumentStore store,
        string path,
        JsonTypeInfo<T> typeInfo,
        Func<T?, T?> update,
        int maxAttempts = 200,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
            T? value = null;
            if (current is not null)
            {
                try
                {
                    value = JsonSerializer.Deserialize(current.Content, typeInfo);
                }
                catch (JsonException ex)
                {
                    throw new CorruptStoreItemException(path, $"not valid JSON for {typeof(T).Name} at {ex.Path}: {ex.Message}", ex);
                }
            }

            var next = update(value);
            if (next is null)
            {
                return value;
            }

            try
            {
                await store.PutDocumentAsync(path, JsonSerializer.SerializeToUtf8Bytes(next, typeInfo), current?.ETag, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (DocumentConflictException) when (attempt < maxAttempts)
            {
                // Back off a little, with jitter, so that 32 writers do not stay in lock-step.
                await Task.Delay(System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, Math.Min(50, 2 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
