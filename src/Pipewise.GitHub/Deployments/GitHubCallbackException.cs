namespace Pipewise.GitHub.Deployments;

/// <summary>A call to GitHub failed; the message holds the status and GitHub's own message, never a credential.</summary>
public sealed class GitHubCallbackException(string message, int? status = null, Exception? inner = null) : Exception(message, inner)
{
    public int? Status { get; } = status;
}
