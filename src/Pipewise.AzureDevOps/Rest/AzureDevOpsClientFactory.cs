using Microsoft.Extensions.DependencyInjection;

namespace Pipewise.AzureDevOps.Rest;

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
            .AddResilienceHandler("azure-devops", builder => AzureDevOpsRetries.Configure(builder, opts));
        provider = services.BuildServiceProvider();
    }

    public IAzureDevOpsClient Create(AzureDevOpsConnection connection) =>
        new AzureDevOpsClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName), connection);

    public void Dispose() => provider.Dispose();
}
