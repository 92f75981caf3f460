using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Pipewise.Core.Assessment;
using Pipewise.Core.Storage;
using Pipewise.GitHub.Api;
using Pipewise.GitHub.Deployments;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService;

/// <summary>
/// The Pipewise gate service (ASP.NET Core minimal API): Azure DevOps Invoke REST API gate, GitHub deployment
/// protection rule webhook, health, Prometheus metrics and the dashboard.
/// </summary>
public sealed class GateServiceHost : IAsyncDisposable
{
    public const string GateKeyHeader = "X-Pipewise-Key";
    private readonly WebApplication app;

    private readonly MeterProvider? meterProvider;

    private GateServiceHost(WebApplication app, MeterProvider? meterProvider, IReadOnlyList<Uri> addresses)
    {
        this.app = app;
        this.meterProvider = meterProvider;
        Addresses = addresses;
    }

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public Uri BaseUrl => Addresses[0];

    public GateMetrics Metrics => app.Services.GetRequiredService<GateMetrics>();

    /// <summary>The background maintenance (verdict compaction, replay expiry), for tests that run a pass now.</summary>
    internal GateMaintenance Maintenance => app.Services.GetRequiredService<GateMaintenance>();

    /// <summary>Builds and starts the service on <paramref name="urls"/> (e.g. <c>http://127.0.0.1:0</c>; several separated by ';').</summary>
    public static async Task<GateServiceHost> StartAsync(GateServiceDependencies dependencies, GateServiceOptions options, string urls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        dependencies.Logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });

        var time = dependencies.Time ?? TimeProvider.System;

        // Every store call of a request ends by the request's store budget (ADR 0011), so a hung or slow store gives
        // the policy's fail-open answer within the request timeout instead of a bare 503.
        var store = dependencies.Store as DeadlineStore ?? new DeadlineStore(dependencies.Store, Timeout.InfiniteTimeSpan, time);
        dependencies = dependencies with { Store = store };
        var verdicts = dependencies.Verdicts ?? StoreVerdictLog.Create(dependencies.Store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(dependencies);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(verdicts);
        builder.Services.AddSingleton(sp => new GateMetrics(sp.GetRequiredService<IMeterFactory>()));
        builder.Services.AddSingleton(new RecentRuns(dependencies.Store, options.HistoryCacheTime, time));
        builder.Services.AddSingleton(sp => new RunAssessor(
            sp.GetRequiredService<RecentRuns>(), dependencies.Forecaster, dependencies.Agent, dependencies.Predictions, verdicts,
            new AssessorOptions { HistoryLength = options.HistoryLength, HistoryCacheTime = options.HistoryCacheTime }, time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<RunAssessor>()));
        builder.Services.AddSingleton(_ => new DeploymentReviewClient(
            GitHubClientFactory.CreateHttpClient(
                options.GitHubApiUrl,
                new GitHubApiOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(200), MaxRateLimitWait = TimeSpan.FromSeconds(2), AttemptTimeout = options.RequestTimeout, Time = time },
                dependencies.GitHubHandler),
            options.ReviewOptions(),
            time));
        var replays = new ReplayGuard(options.ReplayMemory, dependencies.Store, time);
        builder.Services.AddSingleton(replays);
        builder.Services.AddSingleton(sp => new GateMaintenance(verdicts as StoreVerdictLog, replays, options, time, sp.GetRequiredService<ILogger<GateMaintenance>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GateMaintenance>());
        builder.Services.AddSingleton(_ => new Pipewise.AzureDevOps.Rest.AzureDevOpsClientFactory(new Pipewise.AzureDevOps.Rest.AzureDevOpsClientOptions { MaxRetries = 2, MaxRetryAfter = TimeSpan.FromSeconds(2), AttemptTimeout = options.RequestTimeout, Time = time }));

        var app = builder.Build();

        // The instruments are read only where they can be served or sent: /metrics on, or an OTLP endpoint set.
        var meterProvider = options.DashboardEnabled || dependencies.Otlp is not null
            ? GateTelemetry.Build(app.Services.GetRequiredService<IMeterFactory>(), options.DashboardEnabled, dependencies.Otlp)
            : null;
        app.UseRequestTimeouts();
        var storeBudget = options.StoreBudget;
        app.Use(async (context, next) =>
        {
            using (DeadlineStore.Within(storeBudget, time))
            {
                await next(context).ConfigureAwait(false);
            }
        });
        var endpoints = new GateEndpoints(
            app.Services.GetRequiredService<RunAssessor>(),
            app.Services.GetRequiredService<RecentRuns>(),
            app.Services.GetRequiredService<GateMetrics>(),
            app.Services.GetRequiredService<DeploymentReviewClient>(),
            app.Services.GetRequiredService<ReplayGuard>(),
            options,
            dependencies,
            verdicts,
            time,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipewise.Gate"));
        app.MapPost("/api/azure-devops/gate", endpoints.AzureDevOpsGateAsync);
        app.MapPost("/api/github/webhook", endpoints.GitHubWebhookAsync);
        app.MapPost("/api/azure-devops/collect", endpoints.AzureDevOpsCollectAsync);
        app.MapGet("/healthz", endpoints.HealthAsync);
        if (meterProvider is not null && options.DashboardEnabled)
        {
            app.MapPrometheusScrapingEndpoint("/metrics", meterProvider, branch => branch.Use(endpoints.MetricsAccessAsync), null);
        }
        else
        {
            app.MapGet("/metrics", endpoints.MetricsAccessAsync);
        }

        app.MapGet("/dashboard", endpoints.DashboardAsync);
        app.MapGet("/dashboard/pipeline", endpoints.PipelinePageAsync);
        app.MapGet("/", (HttpContext c) => { c.Response.Redirect("/dashboard"); return Task.CompletedTask; });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        endpoints.StartFleetRead(addresses.All(a => PageAccess.IsLoopback(a.ToString())));
        return new GateServiceHost(app, meterProvider, addresses);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        meterProvider?.Dispose();
    }
}
