using System.Text.Json;
using Pipewise.Core.Hosting;

namespace Pipewise.GitHub;

/// <summary>
/// The body of the <c>pipewise/risk</c> commit status (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>) the step
/// posts, for hosts that post it over plain HTTP (the gate service's webhook collection): same state, same description.
/// </summary>
public static class CommitStatusBody
{
    public static byte[] For(RunOutcome outcome, Uri? targetUrl)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (state, description) = GitHubReporter.StatusFor(outcome);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("state", state.ToString().ToLowerInvariant());
            writer.WriteString("context", GitHubReporter.StatusContext);
            writer.WriteString("description", description);
            if (targetUrl is not null)
            {
                writer.WriteString("target_url", targetUrl.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
