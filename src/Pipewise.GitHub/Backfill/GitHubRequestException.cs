namespace Pipewise.GitHub.Backfill;

/// <summary>
/// The GitHub API refused a request for a reason waiting does not fix: 401 (the token is missing, expired or
/// revoked), 403 without a rate limit (a missing permission), 404, or a server error after the retries. The message
/// names the request and the status, never the token.
/// </summary>
public sealed class GitHubRequestException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public bool IsUnauthorized => StatusCode == 401;
}
