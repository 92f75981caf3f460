using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// <see cref="IAzureDevOpsClient"/> over <see cref="HttpClient"/> (api-version 7.1). Retries (429 with Retry-After,
/// 5xx) are the job of the resilience handler that <see cref="AzureDevOpsClientFactory"/> puts in front of the client.
/// </summary>
public sealed class AzureDevOpsClient(HttpClient http, AzureDevOpsConnection connection) : IAzureDevOpsClient
{
    public const string ApiVersion = "7.1";

    /// <summary>The response header carrying the continuation token of a paged list (matched case-insensitively).</summary>
    public const string ContinuationHeader = "x-ms-continuationtoken";

    private const int MaxPages = 100;
    private const int TestPageSize = 1000;

    public AzureDevOpsConnection Connection { get; } = connection ?? throw new ArgumentNullException(nameof(connection));

    public Task<Build> GetBuildAsync(string project, int buildId, CancellationToken cancellationToken = default) =>
        SendAsync<Build>(HttpMethod.Get, Coll(project, $"build/builds/{buildId}"), null, "vso.build", "read the build", cancellationToken);

    public async Task<Timeline?> GetBuildTimelineAsync(string project, int buildId, CancellationToken cancellationToken = default) =>
        (await SendCoreAsync<Timeline>(HttpMethod.Get, Coll(project, $"build/builds/{buildId}/timeline"), null, "vso.build", "read the build timeline", cancellationToken).ConfigureAwait(false)).Value;

    public async Task<IReadOnlyList<Build>> GetBuildsAsync(string project, int definitionId, int top, CancellationToken cancellationToken = default)
    {
        var query = $"definitions={definitionId}&queryOrder=queueTimeDescending&$top={Math.Clamp(top, 1, 5000)}";
        var all = await GetPagedAsync<Build>(Coll(project, "build/builds", query), top, "vso.build", "list builds", cancellationToken).ConfigureAwait(false);
        return all;
    }

    public async Task<IReadOnlyList<TestRun>> GetTestRunsAsync(string project, string buildUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(buildUri);
        var runs = new List<TestRun>();
        for (var page = 0; page < MaxPages; page++)
        {
            var uri = Coll(project, "test/runs", $"buildUri={Uri.EscapeDataString(buildUri)}&includeRunDetails=true&$skip={page * TestPageSize}&$top={TestPageSize}");
            var list = await SendAsync<ListResponse<TestRun>>(HttpMethod.Get, uri, null, "vso.test", "list the build's test runs", cancellationToken).ConfigureAwait(false);
            runs.AddRange(list.Value);
            if (list.Value.Count < TestPageSize)
            {
                break;
            }
        }

        return runs;
    }

    public async Task<IReadOnlyList<TestCaseResult>> GetTestResultsAsync(string project, int runId, CancellationToken cancellationToken = default)
    {
        var results = new List<TestCaseResult>();
        for (var page = 0; page < MaxPages; page++)
        {
            var uri = Coll(project, $"test/Runs/{runId}/results", $"$skip={page * TestPageSize}&$top={TestPageSize}");
            var list = await SendAsync<ListResponse<TestCaseResult>>(HttpMethod.Get, uri, null, "vso.test", "list test results", cancellationToken).ConfigureAwait(false);
            results.AddRange(list.Value);
            if (list.Value.Count < TestPageSize)
            {
                break;
            }
        }

        return results;
    }

    public Task<Release> GetReleaseAsync(string project, int releaseId, CancellationToken cancellationToken = default) =>
        SendAsync<Release>(HttpMethod.Get, Rel(project, $"release/releases/{releaseId}"), null, "vso.release", "read the release", cancellationToken);

    public Task<IReadOnlyList<Deployment>> GetDeploymentsAsync(string project, int definitionId, int? definitionEnvironmentId, int maxItems, CancellationToken cancellationToken = default)
    {
        var query = $"definitionId={definitionId}" +
            (definitionEnvironmentId is { } env ? $"&definitionEnvironmentId={env}" : string.Empty) +
            $"&queryOrder=descending&$top={Math.Clamp(maxItems, 1, 100)}";
        return GetPagedAsync<Deployment>(Rel(project, "release/deployments", query), maxItems, "vso.release", "list deployments", cancellationToken);
    }

    public async Task<IReadOnlyList<GitPullRequestIteration>> GetPullRequestIterationsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default)
    {
        var list = await SendAsync<ListResponse<GitPullRequestIteration>>(
            HttpMethod.Get, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/iterations"), null, "vso.code", "read the pull request's iterations", cancellationToken).ConfigureAwait(false);
        return list.Value;
    }

    public Task<GitPullRequestStatus> CreatePullRequestStatusAsync(string project, string repositoryId, int pullRequestId, GitPullRequestStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        return SendAsync<GitPullRequestStatus>(
            HttpMethod.Post, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/statuses"), status, "vso.code_status", "post a pull request status", cancellationToken);
    }

    public async Task<IReadOnlyList<CommentThread>> GetThreadsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default)
    {
        var list = await SendAsync<ListResponse<CommentThread>>(
            HttpMethod.Get, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/threads"), null, "vso.code", "read the pull request's comment threads", cancellationToken).ConfigureAwait(false);
        return list.Value;
    }

    public Task<CommentThread> CreateThreadAsync(string project, string repositoryId, int pullRequestId, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);

        // Numeric enums as in the documented request: commentType 1 = text, status 1 = active.
        var body = new Dictionary<string, object>
        {
            ["comments"] = new[] { new Dictionary<string, object> { ["parentCommentId"] = 0, ["content"] = content, ["commentType"] = 1 } },
            ["status"] = 1,
        };
        return SendAsync<CommentThread>(
            HttpMethod.Post, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/threads"), body, "vso.threads_full", "create the Pipewise pull request comment", cancellationToken);
    }

    public Task<Comment> UpdateCommentAsync(string project, string repositoryId, int pullRequestId, int threadId, int commentId, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SendAsync<Comment>(
            HttpMethod.Patch,
            Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/threads/{threadId}/comments/{commentId}"),
            new Dictionary<string, object> { ["content"] = content },
            "vso.threads_full",
            "update the Pipewise pull request comment",
            cancellationToken);
    }

    private static string Seg(string value) => Uri.EscapeDataString(value);

    private Uri Coll(string project, string path, string? query = null) => Build(Connection.CollectionUri, project, path, query);

    private Uri Rel(string project, string path, string? query = null) => Build(Connection.ReleaseUri, project, path, query);

    private static Uri Build(Uri baseUri, string project, string path, string? query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        var q = string.IsNullOrEmpty(query) ? $"api-version={ApiVersion}" : $"{query}&api-version={ApiVersion}";
        return new Uri(baseUri, $"{Seg(project)}/_apis/{path}?{q}");
    }

    private async Task<IReadOnlyList<T>> GetPagedAsync<T>(Uri first, int maxItems, string scope, string purpose, CancellationToken cancellationToken)
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

    private async Task<T> SendAsync<T>(HttpMethod method, Uri uri, object? body, string scope, string purpose, CancellationToken cancellationToken)
        where T : class
    {
        var (value, _) = await SendCoreAsync<T>(method, uri, body, scope, purpose, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            throw new AzureDevOpsApiException(
                $"Azure DevOps answered {method} {Describe(uri)} with an empty body where {typeof(T).Name} JSON was expected.", null, $"{method} {Describe(uri)}", scope);
        }

        return value;
    }

    private async Task<(T? Value, string? Continuation)> SendCoreAsync<T>(HttpMethod method, Uri uri, object? body, string scope, string purpose, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = Connection.Credential.ToHeader();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue("application/json"), AzureDevOpsJson.Options);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AzureDevOpsApiException(
                Connection.Credential.Redact($"Could not reach Azure DevOps for {method} {Describe(uri)} ({purpose}): {ex.Message}"), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AzureDevOpsApiException($"Azure DevOps did not answer {method} {Describe(uri)} ({purpose}) in time.", ex);
        }

        using (response)
        {
            var text = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(method, uri, response, text, scope, purpose);
            }

            string? continuation = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return (default, continuation);
            }

            try
            {
                return (JsonSerializer.Deserialize<T>(text, AzureDevOpsJson.Options), continuation);
            }
            catch (JsonException ex)
            {
                throw new AzureDevOpsApiException(
                    $"Azure DevOps answered {method} {Describe(uri)} with JSON that is not a {typeof(T).Name}: {ex.Message} (at {ex.Path}).",
                    response.StatusCode,
                    $"{method} {Describe(uri)}",
                    scope);
            }
        }
    }

    private AzureDevOpsApiException Failure(HttpMethod method, Uri uri, HttpResponseMessage response, string body, string scope, string purpose)
    {
        var operation = $"{method} {Describe(uri)}";
        var status = (int)response.StatusCode;
        var serverMessage = ServerMessage(body);
        var who = Connection.Credential.Description;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized =>
                $"Azure DevOps rejected {who} when trying to {purpose} ({operation}: 401 Unauthorized). The token is missing, expired " +
                $"or not valid for {Connection.CollectionUri.Host}. In YAML, pass the job token with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)` " +
                "(the Pipewise task reads it from the SystemVssConnection endpoint) or provide a personal access token.",
            HttpStatusCode.Forbidden =>
                $"{Capitalise(who)} lacks scope {scope} needed to {purpose} ({operation}: 403 Forbidden). {Hint(scope)}",
            HttpStatusCode.NotFound =>
                $"Azure DevOps found nothing at {operation} (404 Not Found) when trying to {purpose}. Check the project, the id and that {who} can see it.",
            HttpStatusCode.TooManyRequests =>
                $"Azure DevOps kept throttling {operation} (429 Too Many Requests) when trying to {purpose}, even after retrying with the Retry-After delay.",
            _ when status >= 500 =>
                $"Azure DevOps failed {operation} ({status} {response.ReasonPhrase}) when trying to {purpose}, even after retrying.",
            _ => $"Azure DevOps refused {operation} ({status} {response.ReasonPhrase}) when trying to {purpose}.",
        };
        if (!string.IsNullOrEmpty(serverMessage))
        {
            message += $" Server said: {serverMessage}";
        }

        return new AzureDevOpsApiException(Connection.Credential.Redact(message), response.StatusCode, operation, scope);
    }

    private static string Hint(string scope) => scope switch
    {
        "vso.build" => "Give the pipeline's build service identity read access to builds, and check the project setting 'Limit job authorization scope' when the build is in another project.",
        "vso.test" => "Give the build service identity 'View test runs' in this project.",
        "vso.release" => "Give the build service identity 'View releases' on the release definition.",
        "vso.code" => "Give the build service identity 'Read' on the repository.",
        "vso.code_status" => "Give the build service identity 'Contribute to pull requests' on the repository (Project settings → Repositories → Security).",
        "vso.threads_full" => "Give the build service identity 'Contribute to pull requests' on the repository (Project settings → Repositories → Security).",
        _ => "Grant the identity behind the token this permission.",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Describe(Uri uri)
    {
        // The path after _apis/ without the query: short and free of secrets.
        var path = uri.AbsolutePath;
        var index = path.IndexOf("/_apis/", StringComparison.OrdinalIgnoreCase);
        return index >= 0 ? path[(index + "/_apis/".Length)..] : path;
    }

    private static string? ServerMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                var text = m.GetString() ?? string.Empty;
                return text.Length > 300 ? text[..300] + "…" : text;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
