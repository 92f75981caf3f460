using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// The resilience pipeline of the REST client: retries on 429 (waiting Retry-After, capped), 408 and 5xx, exponential
/// back-off with jitter otherwise; POST only on 429, so that a thread is never created twice. One attempt timeout.
/// </summary>
internal static class AzureDevOpsRetries
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, AzureDevOpsClientOptions options)
    {
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetries, 0) == 0 ? 1 : options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, options.Time)),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        var response = outcome.Result;
        if (response is null)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        var transient = response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
        return transient && response.RequestMessage?.Method != HttpMethod.Post;
    }

    /// <summary>The delay the server asked for (Retry-After as seconds or a date), capped; null to use back-off.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? wait = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is not { } w)
        {
            return null;
        }

        return w < TimeSpan.Zero ? TimeSpan.Zero : (w > cap ? cap : w);
    }
}
