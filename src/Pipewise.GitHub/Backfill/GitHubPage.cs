using System.Text.Json;

namespace Pipewise.GitHub.Backfill;

/// <summary>One answered GET: the JSON body (null for a 304), the ETag, and the <c>Link: rel="next"</c> URL when there is one.</summary>
public sealed record GitHubPage(JsonDocument? Body, string? ETag, Uri? Next) : IDisposable
{
    public bool NotModified => Body is null;

    public void Dispose() => Body?.Dispose();
}
