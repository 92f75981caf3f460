using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipewise.GitHub.Api;

namespace Pipewise.GitHub.Backfill;

/// <summary>
/// GETs on the GitHub REST API for long reads (backfill, webhook collection) that must never fail because of a rate
/// limit: a 403/429 rate limit (<c>retry-after</c>, <c>x-ratelimit-remaining: 0</c> until <c>x-ratelimit-reset</c>,
/// secondary limits) waits as long as GitHub asks, says so through <see cref="Log"/>, and tries again; a response
/// that uses up the last request waits for the reset before the next one. 5xx and network errors are retried by the
/// shared HTTP pipeline (<see cref="GitHubClientFactory.CreateHttpClient"/>). A 401, another 403 or a 404 throws
/// <see cref="GitHubRequestException"/>. Conditional requests: pass the ETag of an earlier answer to get a 304.
/// </summary>
public sealed partial class GitHubRestReader(HttpClient http, string? token, TimeProvider? time = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    /// <summary>Longest single wait for a rate limit (GitHub's reset is at most an hour away). Default 1 h 5 min.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(65);

    /// <summary>Rate-limit waits in a row on one request before giving up. Default 20.</summary>
    public int MaxWaitsPerRequest { get; init; } = 20;

    /// <summary>Called with a line for each wait (never holds the token).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Requests sent so far (each retry counts).</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Rate-limit waits taken so far.</summary>
    public long Waits => Interlocked.Read(ref waits);

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long requests;
    private long waits;
    private DateTimeOffset? exhaustedUntil;

    /// <summary>
    /// Creates a reader on <paramref name="apiBase"/> with the shared GitHub HTTP pipeline (rate limits are left to
    /// the reader). <paramref name="delay"/> is how a wait is taken (default <c>Task.Delay</c> on <paramref name="time"/>);
    /// tests pass one that records and returns.
    /// </summary>
    public static GitHubRestReader Create(Uri apiBase, string? token, TimeProvider? time = null, Action<string>? log = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        var withSlash = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        var options = new GitHubApiOptions { MaxRateLimitWait = TimeSpan.FromSeconds(-1), Time = time ?? TimeProvider.System, Log = log };
        return new GitHubRestReader(GitHubClientFactory.CreateHttpClient(withSlash, options), token, time, delay) { Log = log };
    }

    /// <summary>GETs <paramref name="url"/> (relative to the API base, or an absolute next-page link).</summary>
    /// <exception cref="GitHubRequestException">401, 403 without a rate limit, 404, 5xx after the retries.</exception>
    public Task<GitHubPage> GetAsync(string url, string? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, url, null, ifNoneMatch, cancellationToken);

    /// <summary>POSTs a JSON body (e.g. a commit status), with the same rate-limit handling; the answer's body is returned.</summary>
    /// <exception cref="GitHubRequestException">401, 403 without a rate limit, 404, 422, 5xx after the retries.</exception>
    public Task<GitHubPage> PostAsync(string url, byte[] json, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, url, json, null, cancellationToken);

    private async Task<GitHubPage> SendAsync(HttpMethod method, string url, byte[]? json, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        for (var attempt = 0; ; attempt++)
        {
            if (exhaustedUntil is { } until && until > clock.GetUtcNow())
            {
                await WaitAsync(until - clock.GetUtcNow(), "no request left in this rate-limit window", cancellationToken).ConfigureAwait(false);
            }

            exhaustedUntil = null;
            using var request = new HttpRequestMessage(method, url);
            if (json is not null)
            {
                request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            }

            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (ifNoneMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            Interlocked.Increment(ref requests);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (RateLimits.ExhaustedUntil(response, clock.GetUtcNow()) is { } wait && response.IsSuccessStatusCode)
            {
                exhaustedUntil = clock.GetUtcNow() + wait;
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new GitHubPage(null, ETag(response) ?? ifNoneMatch, null);
            }

            if (response.IsSuccessStatusCode)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                JsonDocument body;
                try
                {
                    body = JsonDocument.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes);
                }
                catch (JsonException ex)
                {
                    throw new GitHubRequestException($"{method} {Describe(url)}: the answer is not JSON ({ex.Message})", status);
                }

                return new GitHubPage(body, ETag(response), NextLink(response));
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (status is 403 or 429 && (RateLimits.WaitFor(response, clock.GetUtcNow()) ?? SecondaryFromBody(text)) is { } limit && attempt < MaxWaitsPerRequest)
            {
                await WaitAsync(limit, $"HTTP {status} rate limit", cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw new GitHubRequestException(Explain(method, url, status, text), status);
        }
    }

    private async Task WaitAsync(TimeSpan wait, string why, CancellationToken cancellationToken)
    {
        if (wait > MaxWait)
        {
            wait = MaxWait;
        }

        Interlocked.Increment(ref waits);
        var resume = clock.GetUtcNow() + wait;
        Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"GitHub API: {why}; waiting {wait.TotalSeconds:0} s (until {resume:HH:mm:ss} UTC), then continuing."));
        if (wait > TimeSpan.Zero)
        {
            await (delay is null ? Task.Delay(wait, clock, cancellationToken) : delay(wait, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>A 403 whose message says it is a secondary rate limit, without a retry-after: GitHub asks for at least a minute.</summary>
    private static TimeSpan? SecondaryFromBody(string body) =>
        body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromSeconds(60) : null;

    private static string Explain(HttpMethod method, string url, int status, string body)
    {
        var message = GitHubMessage(body);
        var what = status switch
        {
            401 => "the token was refused (401): set GITHUB_TOKEN to a valid token (a fine-grained token with Actions: read, or a classic token with repo scope)",
            403 => "access denied (403): the token lacks a permission (Actions: read)",
            404 => "not found (404): check the repository (OWNER/REPO), the workflow and that the token can see them",
            _ => $"HTTP {status.ToString(CultureInfo.InvariantCulture)}",
        };
        return $"{method} {Describe(url)}: {what}" + (message is null ? "." : $" (GitHub says: {message}).");
    }

    private static string? GitHubMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? Clip(m.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The path of a request without its query (no secret is ever in a GitHub URL, but keep messages short).</summary>
    private static string Describe(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return Clip(q >= 0 ? url[..q] : url);
    }

    private static string Clip(string s) => s.Length > 200 ? s[..200] + "…" : s;

    private static string? ETag(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var m = NextPattern().Match(value);
            if (m.Success && Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var next))
            {
                return next;
            }
        }

        return null;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"next\"", RegexOptions.CultureInvariant)]
    private static partial Regex NextPattern();
}
