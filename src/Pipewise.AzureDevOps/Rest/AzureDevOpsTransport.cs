using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// Sends one REST call of <see cref="AzureDevOpsClient"/> with the connection's credential and reads the JSON answer
/// (and the continuation token of a paged list); a failure becomes an <see cref="AzureDevOpsApiException"/> that names
/// the scope and never the token.
/// </summary>
internal sealed class AzureDevOpsTransport(HttpClient http, AzureDevOpsConnection connection)
{
    /// <summary>The most pages one list call follows.</summary>
    public const int MaxPages = 100;

    public async Task<IReadOnlyList<T>> GetPagedAsync<T>(Uri first, int maxItems, string scope, string purpose, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var uri = token is null ? first : new Uri(first.AbsoluteUri + "&continuationToken=" + Uri.EscapeDataString(token));
            var (list, next) = await SendCoreAsync<ListResponse<T>>(HttpMethod.Get, uri, null, scope, purpose, cancellationToken).ConfigureAwait(false);
            items.AddRange(list?.Value ?? []);
            if (items.Count >= maxItems || string.IsNullOrEmpty(next) || !seen.Add(next))
            {
                break;
            }

            token = next;
        }

        return items.Count > maxItems ? items[..maxItems] : items;
    }

    public async Task<T> SendAsync<T>(HttpMethod method, Uri uri, object? body, string scope, string purpose, CancellationToken cancellationToken)
        where T : class
    {
        var (value, _) = await SendCoreAsync<T>(method, uri, body, scope, purpose, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            throw new AzureDevOpsApiException(
                $"Azure DevOps answered {method} {AzureDevOpsFailures.Describe(uri)} with an empty body where {typeof(T).Name} JSON was expected.", null, $"{method} {AzureDevOpsFailures.Describe(uri)}", scope);
        }

        return value;
    }

    public async Task<(T? Value, string? Continuation)> SendCoreAsync<T>(HttpMethod method, Uri uri, object? body, string scope, string purpose, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = connection.Credential.ToHeader();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, AzureDevOpsJson.TypeInfo(body.GetType()), new MediaTypeHeaderValue("application/json"));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AzureDevOpsApiException(
                connection.Credential.Redact($"Could not reach Azure DevOps for {method} {AzureDevOpsFailures.Describe(uri)} ({purpose}): {ex.Message}"), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AzureDevOpsApiException($"Azure DevOps did not answer {method} {AzureDevOpsFailures.Describe(uri)} ({purpose}) in time.", ex);
        }

        using (response)
        {
            var text = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw AzureDevOpsFailures.From(connection, method, uri, response, text, scope, purpose);
            }

            string? continuation = response.Headers.TryGetValues(AzureDevOpsClient.ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return (default, continuation);
            }

            try
            {
                return (JsonSerializer.Deserialize(text, AzureDevOpsJson.TypeInfo<T>()), continuation);
            }
            catch (JsonException ex)
            {
                throw new AzureDevOpsApiException(
                    $"Azure DevOps answered {method} {AzureDevOpsFailures.Describe(uri)} with JSON that is not a {typeof(T).Name}: {ex.Message} (at {ex.Path}).",
                    response.StatusCode,
                    $"{method} {AzureDevOpsFailures.Describe(uri)}",
                    scope);
            }
        }
    }
}
