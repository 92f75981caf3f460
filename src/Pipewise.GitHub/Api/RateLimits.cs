using System.Globalization;
using System.Net;

namespace Pipewise.GitHub.Api;

/// <summary>
/// GitHub's rate-limit answers: a primary limit (403/429 with <c>x-ratelimit-remaining: 0</c>) lasts until
/// <c>x-ratelimit-reset</c>; a secondary one asks for <c>retry-after</c> seconds (at least a minute when it does not).
/// </summary>
internal static class RateLimits
{
    /// <summary>How long GitHub asks us to wait, or null when the response is not a rate limit (e.g. a missing permission).</summary>
    public static TimeSpan? WaitFor(HttpResponseMessage response, DateTimeOffset now)
    {
        if (Header(response, "retry-after") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Max0(at - now);
            }
        }

        if (ExhaustedUntil(response, now) is { } wait)
        {
            return wait;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // GitHub: without retry-after, wait at least one minute before retrying a secondary rate limit.
            return TimeSpan.FromSeconds(60);
        }

        return null;
    }

    /// <summary>When a response (even a 200) says no request is left: the wait until the reset, plus one second.</summary>
    public static TimeSpan? ExhaustedUntil(HttpResponseMessage response, DateTimeOffset now)
    {
        if (Header(response, "x-ratelimit-remaining") == "0"
            && Header(response, "x-ratelimit-reset") is { } reset
            && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            // One extra second: the reset is a whole second and clocks differ a little.
            return Max0(DateTimeOffset.FromUnixTimeSeconds(epoch) - now) + TimeSpan.FromSeconds(1);
        }

        return null;
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
