using Octokit;

namespace Pipewise.GitHub;

/// <summary>
/// Who Pipewise writes PR comments as: the token's own user (<c>GET /user</c>) or, for an installation token
/// (<c>ghs_</c>, which <c>GET /user</c> refuses), the bot GITHUB_TOKEN writes as. Only comments by this author are
/// Pipewise's; a stranger's comment carrying the marker is someone else's.
/// </summary>
/// <remarks>A configured author (the <c>comment-author</c> setting, e.g. <c>my-app[bot]</c> for a custom GitHub App) is used as given.</remarks>
internal sealed class CommentIdentity(IGitHubClient client, string? token, string? configured = null)
{
    /// <summary>The author of every comment made with a workflow's GITHUB_TOKEN.</summary>
    public const string ActionsBot = "github-actions[bot]";

    private string? login = string.IsNullOrWhiteSpace(configured) ? null : configured.Trim();

    /// <summary>The login, resolved once per report.</summary>
    public async Task<string> LoginAsync()
    {
        if (login is not null)
        {
            return login;
        }

        if (GitHubReporter.IsAppToken(token))
        {
            // GET /user refuses installation tokens: GITHUB_TOKEN writes as the Actions bot (a custom App sets comment-author).
            login = ActionsBot;
            return login;
        }

        try
        {
            login = (await client.User.Current().ConfigureAwait(false)).Login;
        }
        catch (Exception ex) when (ex is ForbiddenException or AuthorizationException or NotFoundException)
        {
            login = ActionsBot;
        }

        return login;
    }

    /// <summary>The author of a comment Pipewise has just created is Pipewise, whatever was assumed (a custom App's bot).</summary>
    public void Learn(IssueComment? created)
    {
        if (created?.User?.Login is { Length: > 0 } author)
        {
            login = author;
        }
    }

    public static bool Wrote(IssueComment comment, string login) =>
        string.Equals(comment.User?.Login, login, StringComparison.OrdinalIgnoreCase);
}
