using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>Retry settings of the REST client.</summary>
public sealed record AzureDevOpsClientOptions
{
    /// <summary>Retries after the first attempt (429, 408, 5xx, connection failures). Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First back-off delay when the server gives no Retry-After; doubles with jitter. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After Pipewise waits; a longer one is cut to this. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one attempt. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock a Retry-After date is measured against. Default the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Creates <see cref="AzureDevOpsClient"/> instances over an <see cref="IHttpClientFactory"/> with a resilience
/// handler: retries on 429 (waiting Retry-After, capped), 408 and 5xx, exponential back-off with jitter otherwise.
/// POST requests are retried only on 429 (the server did not process them), so a thread is never created twice.
/// Dispose the factory to release the handlers.
/// </summary>
public sealed class AzureDevOpsClientFactory : IDisposable
{
    private const string ClientName = "Pipewise.AzureDevOps";
    private readonly ServiceProvider provider;

    public AzureDevOpsClientFactory(AzureDevOpsClientOptions? options = null)
    {
        var opts = options ?? new AzureDevOpsClientOptions();
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Pipewise/0.1 (+azure-pipelines)");
            })
            .AddResilienceHandler("azure-devops", builder => Configure(builder, opts));
        provider = services.BuildServiceProvider();
    }

    public IAzureDevOpsClient Create(AzureDevOpsConnection connection) =>
        new AzureDevOpsClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName), connection);

    public void Dispose() => provider.Dispose();

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, AzureDevOpsClientOptions options)
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

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
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
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
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
