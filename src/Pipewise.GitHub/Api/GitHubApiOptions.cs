using Polly.Retry;

namespace Pipewise.GitHub.Api;

/// <summary>Retry and timeout settings of the GitHub API client.</summary>
public sealed record GitHubApiOptions
{
    /// <summary>Retries after the first try (5xx, timeouts, connection errors, rate limits). Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First back-off delay for 5xx and network errors (exponential with jitter after that). Default 1 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait Pipewise accepts for a rate limit to reset; a longer one fails the call instead. Default 60 s.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one HTTP attempt. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The REST API version header sent with every request.</summary>
    public string ApiVersion { get; init; } = "2022-11-28";

    /// <summary>Clock used for rate-limit resets and delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Random numbers in [0, 1) for the back-off jitter. Default Polly's thread-safe randomizer (the one its own
    /// retry strategies use); tests pass a fixed one.
    /// </summary>
    public Func<double> Randomizer { get; init; } = new RetryStrategyOptions<HttpResponseMessage>().Randomizer;

    /// <summary>Called with a line for each retry (never holds the token).</summary>
    public Action<string>? Log { get; init; }
}
