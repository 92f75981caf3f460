using System.Net.Sockets;
using Azure;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipewise.Storage;

/// <summary>Which blob faults are worth retrying, the retry pipeline that retries them, and how they are described.</summary>
internal static class BlobFaults
{
    public static readonly ResiliencePropertyKey<string> LastErrorKey = new("pipewise.lastError");

    public static ResiliencePipeline BuildPipeline(BlobStoreOptions options) =>
        new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.MaxRetryTime })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && IsTransient(ex)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    args.Context.Properties.Set(LastErrorKey, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Timeouts, throttling (429), server errors (5xx) and connection failures are worth retrying.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        // The SDK reports its per-attempt network timeout as a TaskCanceledException; the retry strategy only asks
        // when the caller's (and the total-time) token is not cancelled, so any other cancellation is that timeout.
        OperationCanceledException => true,
        _ => false,
    };

    public static string FirstLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return cut < 0 ? message : message[..cut];
    }

    private static string Describe(Exception? ex) => ex switch
    {
        null => "unknown",
        RequestFailedException { Status: 0 } r => Secrets.Redact(FirstLine(r.InnerException?.Message ?? r.Message)),
        RequestFailedException r => $"HTTP {r.Status} {r.ErrorCode}",
        _ => Secrets.Redact(FirstLine(ex.Message)),
    };
}
