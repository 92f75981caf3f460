namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// The Azure DevOps operations Pipewise uses, named after the official .NET client
/// (Microsoft.TeamFoundationServer.Client: BuildHttpClient, TestManagementHttpClient, ReleaseHttpClient,
/// GitHttpClient) so that an adapter over it could replace <see cref="AzureDevOpsClient"/>.
/// Every call uses api-version 7.1. Failures throw <see cref="AzureDevOpsApiException"/> with a message that names
/// the scope the token lacks (never the token itself).
/// </summary>
public interface IAzureDevOpsClient
{
    /// <summary>
    /// Connection Data (<c>_apis/connectionData</c>, what VssConnection.AuthorizedIdentity reads): the token's own
    /// identity. Any valid token may read it.
    /// </summary>
    Task<ConnectionData> GetConnectionDataAsync(CancellationToken cancellationToken = default);

    /// <summary>Builds - Get. Scope vso.build.</summary>
    Task<Build> GetBuildAsync(string project, int buildId, CancellationToken cancellationToken = default);

    /// <summary>Timeline - Get (the build's root timeline). Scope vso.build.</summary>
    Task<Timeline?> GetBuildTimelineAsync(string project, int buildId, CancellationToken cancellationToken = default);

    /// <summary>Builds - List for one definition, newest first, following continuation tokens up to <paramref name="top"/> builds.</summary>
    Task<IReadOnlyList<Build>> GetBuildsAsync(string project, int definitionId, int top, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds - List, one page (what BuildHttpClient.GetBuildsAsync2 returns as an IPagedList): completed builds of
    /// the project (of <paramref name="definitions"/> when not empty) finished since <paramref name="minTime"/>, newest
    /// first, and the continuation token of the next page (null on the last). Scope vso.build.
    /// </summary>
    Task<(IReadOnlyList<Build> Builds, string? Continuation)> GetBuildsPageAsync(
        string project, IReadOnlyList<int> definitions, DateTimeOffset? minTime, string? continuation, int top, CancellationToken cancellationToken = default);

    /// <summary>Test Runs - List for a build URI (<c>vstfs:///Build/Build/{id}</c>). Scope vso.test.</summary>
    Task<IReadOnlyList<TestRun>> GetTestRunsAsync(string project, string buildUri, CancellationToken cancellationToken = default);

    /// <summary>Test Results - List for a run, paged with $skip/$top. Scope vso.test.</summary>
    Task<IReadOnlyList<TestCaseResult>> GetTestResultsAsync(string project, int runId, CancellationToken cancellationToken = default);

    /// <summary>Releases - Get Release (release host). Scope vso.release.</summary>
    Task<Release> GetReleaseAsync(string project, int releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deployments - List for a release definition (and environment), newest first, following continuation tokens
    /// up to <paramref name="maxItems"/> deployments. Scope vso.release.
    /// </summary>
    Task<IReadOnlyList<Deployment>> GetDeploymentsAsync(string project, int definitionId, int? definitionEnvironmentId, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Pull Request Iterations - List. Scope vso.code.</summary>
    Task<IReadOnlyList<GitPullRequestIteration>> GetPullRequestIterationsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default);

    /// <summary>Pull Request Statuses - Create. Scope vso.code_status.</summary>
    Task<GitPullRequestStatus> CreatePullRequestStatusAsync(string project, string repositoryId, int pullRequestId, GitPullRequestStatus status, CancellationToken cancellationToken = default);

    /// <summary>Pull Request Threads - List. Scope vso.code.</summary>
    Task<IReadOnlyList<CommentThread>> GetThreadsAsync(string project, string repositoryId, int pullRequestId, CancellationToken cancellationToken = default);

    /// <summary>Pull Request Threads - Create with one text comment, status active. Scope vso.threads_full.</summary>
    Task<CommentThread> CreateThreadAsync(string project, string repositoryId, int pullRequestId, string content, CancellationToken cancellationToken = default);

    /// <summary>Pull Request Thread Comments - Update (content only). Scope vso.threads_full.</summary>
    Task<Comment> UpdateCommentAsync(string project, string repositoryId, int pullRequestId, int threadId, int commentId, string content, CancellationToken cancellationToken = default);
}
