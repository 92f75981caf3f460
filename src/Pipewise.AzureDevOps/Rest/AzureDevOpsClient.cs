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

    private const int TestPageSize = 1000;

    private readonly AzureDevOpsTransport transport = new(http, connection ?? throw new ArgumentNullException(nameof(connection)));

    public AzureDevOpsConnection Connection { get; } = connection;

    public Task<Build> GetBuildAsync(string project, int buildId, CancellationToken cancellationToken = default) =>
        transport.SendAsync<Build>(HttpMethod.Get, Coll(project, $"build/builds/{buildId}"), null, "vso.build", "read the build", cancellationToken);

    public async Task<Timeline?> GetBuildTimelineAsync(string project, int buildId, CancellationToken cancellationToken = default) =>
        (await transport.SendCoreAsync<Timeline>(HttpMethod.Get, Coll(project, $"build/builds/{buildId}/timeline"), null, "vso.build", "read the build timeline", cancellationToken).ConfigureAwait(false)).Value;

    public async Task<IReadOnlyList<Build>> GetBuildsAsync(string project, int definitionId, int top, CancellationToken cancellationToken = default)
    {
        var query = $"definitions={definitionId}&queryOrder=queueTimeDescending&$top={Math.Clamp(top, 1, 5000)}";
        var all = await transport.GetPagedAsync<Build>(Coll(project, "build/builds", query), top, "vso.build", "list builds", cancellationToken).ConfigureAwait(false);
        return all;
    }

    public async Task<(IReadOnlyList<Build> Builds, string? Continuation)> GetBuildsPageAsync(
        string project, IReadOnlyList<int> definitions, DateTimeOffset? minTime, string? continuation, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var query = "statusFilter=completed&queryOrder=finishTimeDescending&$top=" + Math.Clamp(top, 1, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (definitions.Count > 0 ? "&definitions=" + string.Join(",", definitions.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) : string.Empty)
            + (minTime is { } t ? "&minTime=" + Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)) : string.Empty)
            + (string.IsNullOrEmpty(continuation) ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
        var (list, next) = await transport.SendCoreAsync<ListResponse<Build>>(HttpMethod.Get, Coll(project, "build/builds", query), null, "vso.build", "list builds", cancellationToken).ConfigureAwait(false);
        return (list?.Value ?? [], string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<IReadOnlyList<TestRun>> GetTestRunsAsync(string project, string buildUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(buildUri);
        var runs = new List<TestRun>();
        for (var page = 0; page < AzureDevOpsTransport.MaxPages; page++)
        {
            var uri = Coll(project, "test/runs", $"buildUri={Uri.EscapeDataString(buildUri)}&includeRunDetails=true&$skip={page * TestPageSize}&$top={TestPageSize}");
            var list = await transport.SendAsync<ListResponse<TestRun>>(HttpMethod.Get, uri, null, "vso.test", "list the build's test runs", cancellationToken).ConfigureAwait(false);
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
        for (var page = 0; page < AzureDevOpsTransport.MaxPages; page++)
        {
            var uri = Coll(project, $"test/Runs/{runId}/results", $"$skip={page * TestPageSize}&$top={TestPageSize}");
            var list = await transport.SendAsync<ListResponse<TestCaseResult>>(HttpMethod.Get, uri, null, "vso.test", "list test results", cancellationToken).ConfigureAwait(false);
            results.AddRange(list.Value);
            if (list.Value.Count < TestPageSize)
            {
                break;
            }
        }

        return results;
    }

    public Task<Release> GetReleaseAsync(string project, int releaseId, CancellationToken cancellationToken = default) =>
        transport.SendAsync<Release>(HttpMethod.Get, Rel(project, $"release/releases/{releaseId}"), null, "vso.release", "read the release", cancellationToken);

    public Task<IReadOnlyList<Deployment>> GetDeploymentsAsync(string project, int definitionId, int? definitionEnvironmentId, int maxItems, CancellationToken cancellationToken = default)
    {
        var query = $"definitionId={definitionId}" +
            (definitionEnvironmentId is { } env ? $"&definitionEnvironmentId={env}" : string.Empty) +
            $"&queryOrder=descending&$top={Math.Clamp(maxItems, 1, 100)}";
        return transport.GetPagedAsync<Deployment>(Rel(project, "release/deployments", query), maxItems, "vso.release", "list deployments", cancellationToken);
    }

    public async Task<IReadOnlyList<GitPullRequestIteration>> GetPullRequestIterationsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default)
    {
        var list = await transport.SendAsync<ListResponse<GitPullRequestIteration>>(
            HttpMethod.Get, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/iterations"), null, "vso.code", "read the pull request's iterations", cancellationToken).ConfigureAwait(false);
        return list.Value;
    }

    public Task<GitPullRequestStatus> CreatePullRequestStatusAsync(string project, string repositoryId, int pullRequestId, GitPullRequestStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        return transport.SendAsync<GitPullRequestStatus>(
            HttpMethod.Post, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/statuses"), status, "vso.code_status", "post a pull request status", cancellationToken);
    }

    public Task<ConnectionData> GetConnectionDataAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync<ConnectionData>(HttpMethod.Get, new Uri(Connection.CollectionUri, "_apis/connectionData"), null, "vso.code", "read the token's own identity", cancellationToken);

    public async Task<IReadOnlyList<CommentThread>> GetThreadsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default)
    {
        var list = await transport.SendAsync<ListResponse<CommentThread>>(
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
        return transport.SendAsync<CommentThread>(
            HttpMethod.Post, Coll(project, $"git/repositories/{Seg(repositoryId)}/pullRequests/{pullRequestId}/threads"), body, "vso.threads_full", "create the Pipewise pull request comment", cancellationToken);
    }

    public Task<Comment> UpdateCommentAsync(string project, string repositoryId, int pullRequestId, int threadId, int commentId, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return transport.SendAsync<Comment>(
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
}
