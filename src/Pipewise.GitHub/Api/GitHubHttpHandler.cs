using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipewise.GitHub.Api;

/// <summary>
/// The HTTP pipeline under Octokit: adds the headers GitHub documents (<c>Authorization: Bearer</c> only to the API
/// host, <c>Accept: application/vnd.github+json</c>, <c>X-GitHub-Api-Version</c>), and retries with Polly:
/// a primary rate limit (403/429 with <c>x-ratelimit-remaining: 0</c>) waits until <c>x-ratelimit-reset</c>, a
/// secondary one waits <c>retry-after</c>, 5xx / timeouts / connection errors back off exponentially. A wait longer
/// than <see cref="GitHubApiOptions.MaxRateLimitWait"/> is not taken: the response goes back to the caller.
/// </summary>
internal sealed class GitHubHttpHandler : DelegatingHandler
{
    private readonly string? token;
    private readonly Uri apiBase;
    private readonly GitHubApiOptions options;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public GitHubHttpHandler(Uri apiBase, string? token, GitHubApiOptions options, HttpMessageHandler inner)
        : base(inner)
    {
        this.apiBase = apiBase;
        this.token = token;
        this.options = options;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.Time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayFor(args.Outcome, args.AttemptNumber)),
                OnRetry = args =>
                {
                    options.Log?.Invoke(string.Create(
                        CultureInfo.InvariantCulture,
                        $"GitHub API: retry {args.AttemptNumber + 1} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.#} s ({Describe(args.Outcome)})"));
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PrepareHeaders(request);
        return await pipeline.ExecuteAsync(
            async (state, ct) => await base.SendAsync(state, ct).ConfigureAwait(false),
            request,
            cancellationToken).ConfigureAwait(false);
    }

    private void PrepareHeaders(HttpRequestMessage request)
    {
        var sameHost = request.RequestUri is { } u
            && string.Equals(u.Host, apiBase.Host, StringComparison.OrdinalIgnoreCase)
            && u.Port == apiBase.Port;
        // A caller may set its own bearer (a GitHub App's JWT or installation token); it too goes to the API host only.
        var requested = request.Headers.Authorization;
        request.Headers.Authorization = null;
        if (sameHost && !string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (sameHost && requested is not null)
        {
            request.Headers.Authorization = requested;
        }

        if (request.Headers.Accept.Count == 0 || request.Headers.Accept.All(a => a.MediaType?.StartsWith("application/vnd.github", StringComparison.Ordinal) == true))
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        }

        request.Headers.Remove("X-GitHub-Api-Version");
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", options.ApiVersion);
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } ex)
        {
            return ex is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status >= 500 && status != 501)
        {
            return true;
        }

        if (status is 403 or 429)
        {
            return RateLimitWait(response) is { } wait && wait <= options.MaxRateLimitWait;
        }

        return false;
    }

    private TimeSpan DelayFor(Outcome<HttpResponseMessage> outcome, int attempt)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests } response && RateLimitWait(response) is { } wait)
        {
            return wait;
        }

        var backoff = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var jitter = options.Randomizer() * 0.25 * backoff;
        return TimeSpan.FromMilliseconds(Math.Min(backoff + jitter, 30_000));
    }

    /// <summary>How long GitHub asks us to wait, or null when the 403/429 is not a rate limit (e.g. missing permission).</summary>
    internal TimeSpan? RateLimitWait(HttpResponseMessage response) => RateLimits.WaitFor(response, options.Time.GetUtcNow());

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex
            ? ex is TimeoutRejectedException ? "timed out" : ex.GetType().Name
            : "HTTP " + ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
}
