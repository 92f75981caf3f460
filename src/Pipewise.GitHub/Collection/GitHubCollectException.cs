namespace Pipewise.GitHub;

/// <summary>The current run could not be read from the GitHub API (network, permissions, rate limit).</summary>
public sealed class GitHubCollectException(string message, Exception inner) : Exception(message, inner);
