using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipewise.Core.Reporting;
using Pipewise.Core.Agent;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Dashboard;
using Pipewise.GitHub.Api;
using Pipewise.GitHub.Deployments;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService;

/// <summary>The parts the service is wired from; tests pass fakes, the CLI passes the real factories' results.</summary>
public sealed record GateServiceDependencies
{
    public required IPipewiseStore Store { get; init; }
    public IForecaster? Forecaster { get; init; }
    public IPredictionTracker? Predictions { get; init; }
    public ITuningAgent? Agent { get; init; }

    /// <summary>Defaults to <see cref="StoreVerdictLog"/> over <see cref="Store"/>.</summary>
    public IVerdictLog? Verdicts { get; init; }

    public TimeProvider? Time { get; init; }

    /// <summary>The agent's read model for the dashboard; null shows no agent section.</summary>
    public IAgentPolicyReader? AgentPolicies { get; init; }

    /// <summary>The HTTP handler for calls to GitHub (tests may pass one); default a pooled SocketsHttpHandler.</summary>
    public HttpMessageHandler? GitHubHandler { get; init; }

    /// <summary>Configures logging (the CLI adds a console logger); default no logging.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}

/// <summary>
/// The Pipewise gate service (ASP.NET Core minimal API): Azure DevOps Invoke REST API gate, GitHub deployment
/// protection rule webhook, health, Prometheus metrics and the dashboard.
/// </summary>
public sealed class GateServiceHost : IAsyncDisposable
{
    public const string GateKeyHeader = "X-Pipewise-Key";
    private readonly WebApplication app;

    private GateServiceHost(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        this.app = app;
        Addresses = addresses;
    }

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public Uri BaseUrl => Addresses[0];

    public GateMetrics Metrics => app.Services.GetRequiredService<GateMetrics>();

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
        var verdicts = dependencies.Verdicts ?? StoreVerdictLog.Create(dependencies.Store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(dependencies);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(verdicts);
        builder.Services.AddSingleton(new GateMetrics());
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
        builder.Services.AddSingleton(new ReplayGuard(options.ReplayMemory));

        var app = builder.Build();
        app.UseRequestTimeouts();
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
        app.MapGet("/healthz", endpoints.HealthAsync);
        app.MapGet("/metrics", endpoints.MetricsAsync);
        app.MapGet("/dashboard", endpoints.DashboardAsync);
        app.MapGet("/", (HttpContext c) => { c.Response.Redirect("/dashboard"); return Task.CompletedTask; });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        return new GateServiceHost(app, addresses);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The request handlers.</summary>
internal sealed class GateEndpoints(
    RunAssessor assessor,
    RecentRuns recentRuns,
    GateMetrics metrics,
    DeploymentReviewClient github,
    ReplayGuard replays,
    GateServiceOptions options,
    GateServiceDependencies dependencies,
    IVerdictLog verdicts,
    TimeProvider time,
    ILogger logger)
{
    public async Task AzureDevOpsGateAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (options.GateKey is null)
        {
            await RejectAsync(context, 503, "not-configured", $"The Azure DevOps gate is not configured: set {GateServiceOptions.GateKeyVariable} where the service runs.").ConfigureAwait(false);
            return;
        }

        if (!WebhookSignature.SecretEquals(context.Request.Headers[GateServiceHost.GateKeyHeader].ToString(), options.GateKey))
        {
            await RejectAsync(context, 401, "unauthorized", $"Missing or wrong {GateServiceHost.GateKeyHeader} header.").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        PipelineKey pipeline;
        string? runId;
        try
        {
            (pipeline, runId) = ParseAzureRequest(body);
        }
        catch (GateRequestException ex)
        {
            await RejectAsync(context, 400, "bad-request", ex.Message).ConfigureAwait(false);
            return;
        }

        try
        {
            var score = await AssessAsync(new StoredRunRequest { Pipeline = pipeline, RunId = runId, Source = AssessmentSources.AzureDevOpsGate, Policy = options.Policy }, ct).ConfigureAwait(false);
            await WriteAsync(context, 200, "application/json; charset=utf-8", AssessmentJson.Json(score)).ConfigureAwait(false);
        }
        catch (UnknownPipelineException ex)
        {
            await RejectAsync(context, 404, "unknown-pipeline", ex.Message).ConfigureAwait(false);
        }
    }

    public async Task GitHubWebhookAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (options.GitHubWebhookSecret is null)
        {
            await RejectAsync(context, 503, "not-configured", $"The GitHub webhook is not configured: set {GateServiceOptions.WebhookSecretVariable} where the service runs.").ConfigureAwait(false);
            return;
        }

        if (!WebhookSignature.Verify(body, context.Request.Headers[WebhookSignature.HeaderName].ToString(), options.GitHubWebhookSecret))
        {
            await RejectAsync(context, 401, "unauthorized", $"Missing or invalid {WebhookSignature.HeaderName} signature.").ConfigureAwait(false);
            return;
        }

        var eventName = context.Request.Headers["X-GitHub-Event"].ToString();
        if (eventName == "ping")
        {
            await WriteAsync(context, 200, "application/json; charset=utf-8", "{\"ok\":true}"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (eventName != "deployment_protection_rule")
        {
            await WriteAsync(context, 202, "application/json; charset=utf-8", AssessmentJson.Error($"Event '{Clip(eventName)}' is not handled; subscribe the App to 'Deployment protection rule' only.")).ConfigureAwait(false);
            return;
        }

        ProtectionRuleRequest request;
        try
        {
            request = ParseProtectionRule(body);
        }
        catch (GateRequestException ex)
        {
            await RejectAsync(context, 400, "bad-request", ex.Message).ConfigureAwait(false);
            return;
        }

        if (request.Action != "requested")
        {
            await WriteAsync(context, 202, "application/json; charset=utf-8", AssessmentJson.Error($"Action '{Clip(request.Action)}' is not handled.")).ConfigureAwait(false);
            return;
        }

        var delivery = context.Request.Headers["X-GitHub-Delivery"].ToString();
        var deliveryKey = delivery.Length > 0 ? "delivery:" + delivery : null;
        var runKey = $"run:{request.Owner}/{request.Repository}/{request.RunId}/{request.Environment}".ToLowerInvariant();
        if (deliveryKey is not null && !replays.TryAdd(deliveryKey))
        {
            await RejectAsync(context, 409, "replay", $"Delivery {Clip(delivery)} was already processed.").ConfigureAwait(false);
            return;
        }

        if (!replays.TryAdd(runKey))
        {
            await RejectAsync(context, 409, "replay", $"Run {request.RunId} of {Clip(request.Owner)}/{Clip(request.Repository)} was already reviewed for environment '{Clip(request.Environment)}'.").ConfigureAwait(false);
            return;
        }

        var done = false;
        try
        {
            var (pipeline, storeProblem) = await ResolvePipelineAsync(request, ct).ConfigureAwait(false);
            if (pipeline is null)
            {
                var message = storeProblem is not null
                    ? $"Pipewise could not read its store to find {request.Owner}/{request.Repository} ({storeProblem})."
                    : $"Pipewise has no stored runs of {request.Owner}/{request.Repository}, or cannot tell which workflow run {request.RunId} belongs to.";
                var approve = !options.Policy.FailClosed || options.Policy.Mode != GateMode.Enforce;
                await github.ReviewAsync(request.Owner, request.Repository, request.RunId, request.Environment, approve,
                    $"**Pipewise gate:** {Core.Reporting.Markdown.Escape(message)} {(approve ? "Approving (fail-open)." : "Rejecting (fail-closed).")}",
                    request.InstallationId, ct).ConfigureAwait(false);
                done = true;
                await RejectAsync(context, storeProblem is null ? 404 : 503, storeProblem is null ? "unknown-pipeline" : "store-unavailable",
                    message + (approve ? " The deployment was approved (fail-open)." : " The deployment was rejected (fail-closed).")).ConfigureAwait(false);
                return;
            }

            var score = await AssessAsync(
                new StoredRunRequest
                {
                    Pipeline = pipeline.Value,
                    RunId = request.RunId.ToString(CultureInfo.InvariantCulture),
                    Context = new RunContext { Event = request.Event, Branch = request.Branch, StartedAt = time.GetUtcNow() },
                    Source = AssessmentSources.GitHubProtectionRule,
                    Policy = options.Policy,
                },
                ct).ConfigureAwait(false);
            var approved = !score.Verdict.Blocks;
            await github.ReviewAsync(request.Owner, request.Repository, request.RunId, request.Environment, approved, VerdictMarkdown.ReviewComment(score, DeploymentReviewClient.MaxCommentLength), request.InstallationId, ct).ConfigureAwait(false);
            done = true;
            await WriteAsync(context, 200, "application/json; charset=utf-8", AssessmentJson.Json(score, approved ? "approved" : "rejected")).ConfigureAwait(false);
        }
        catch (GitHubCallbackException ex)
        {
            logger.LogWarning("GitHub review for run {RunId} failed: {Error}", request.RunId, ex.Message);
            await RejectAsync(context, 502, "github-callback", ex.Message).ConfigureAwait(false);
        }
        finally
        {
            if (!done)
            {
                // Let GitHub's redelivery try again.
                replays.Remove(runKey);
                if (deliveryKey is not null)
                {
                    replays.Remove(deliveryKey);
                }
            }
        }
    }

    public async Task HealthAsync(HttpContext context)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"status\":\"ok\",\"model\":{(assessor.HasModel ? "true" : "false")},\"mode\":\"{GatePolicyFile.ModeName(options.Policy.Mode)}\"}}"));
        await WriteAsync(context, 200, "application/json; charset=utf-8", body).ConfigureAwait(false);
    }

    public Task MetricsAsync(HttpContext context) =>
        WriteAsync(context, 200, "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8.GetBytes(metrics.Render()));

    public async Task DashboardAsync(HttpContext context)
    {
        var only = context.Request.Query["pipeline"].ToString();
        var model = await DashboardLoader.LoadAsync(dependencies.Store, dependencies.Predictions, verdicts, dependencies.AgentPolicies, time, 40, only.Length > 0 ? only : null, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await WriteAsync(context, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(DashboardRenderer.Render(model))).ConfigureAwait(false);
    }

    private async Task<(PipelineKey? Pipeline, string? StoreProblem)> ResolvePipelineAsync(ProtectionRuleRequest request, CancellationToken ct)
    {
        try
        {
            var all = await dependencies.Store.ListPipelinesAsync(ct).ConfigureAwait(false);
            var candidates = all.Where(p => string.Equals(p.Provider, "github", StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.Organization, request.Owner, StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.Repository, request.Repository, StringComparison.OrdinalIgnoreCase)).ToList();
            var runId = request.RunId.ToString(CultureInfo.InvariantCulture);
            foreach (var candidate in candidates)
            {
                var recent = await recentRuns.GetAsync(candidate, assessor.Options.HistoryLength + 1, ct).ConfigureAwait(false);
                if (recent.Any(r => r.RunId == runId))
                {
                    return (candidate, null);
                }
            }

            return (candidates.Count == 1 ? candidates[0] : null, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Gate: the store could not be read to resolve {Owner}/{Repo}: {Error}", request.Owner, request.Repository, ex.Message);
            return (null, ex.GetType().Name);
        }
    }

    internal static (PipelineKey Pipeline, string? RunId) ParseAzureRequest(byte[] body)
    {
        using var json = Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("The request body must be a JSON object such as {\"pipeline\":\"azure-devops/<org>/<project>/<definitionId>\",\"runId\":\"$(Build.BuildId)\"}.");
        }

        string? runId = OptionalString(root, "runId");
        if (OptionalString(root, "pipeline") is { } text)
        {
            return PipelineKey.TryParse(text, out var key)
                ? (key, runId)
                : throw new GateRequestException($"Field 'pipeline': expected provider/org/repo/pipeline (e.g. azure-devops/contoso/web/42), found '{Clip(text)}'.");
        }

        var organization = OptionalString(root, "organization") ?? throw new GateRequestException("Field 'pipeline' (or 'organization', 'project', 'pipelineId') is required.");
        var project = OptionalString(root, "project") ?? OptionalString(root, "repository") ?? throw new GateRequestException("Field 'project' is required when 'pipeline' is not given.");
        var pipelineId = OptionalString(root, "pipelineId") ?? OptionalString(root, "definitionId") ?? throw new GateRequestException("Field 'pipelineId' is required when 'pipeline' is not given.");
        var provider = OptionalString(root, "provider") ?? "azure-devops";
        return (new PipelineKey(provider, organization, project, pipelineId), runId);
    }

    internal sealed record ProtectionRuleRequest(string Action, string Owner, string Repository, long RunId, string Environment, string? Event, string? Branch, long? InstallationId);

    internal static ProtectionRuleRequest ParseProtectionRule(byte[] body)
    {
        using var json = Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("The deployment_protection_rule payload must be a JSON object.");
        }

        var action = OptionalString(root, "action") ?? throw new GateRequestException("Field 'action' is required.");
        if (action != "requested")
        {
            return new ProtectionRuleRequest(action, string.Empty, string.Empty, 0, string.Empty, null, null, null);
        }

        var environment = OptionalString(root, "environment") ?? throw new GateRequestException("Field 'environment' is required.");
        var callback = OptionalString(root, "deployment_callback_url") ?? throw new GateRequestException("Field 'deployment_callback_url' is required.");
        if (!root.TryGetProperty("repository", out var repository) || repository.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("Field 'repository' is required.");
        }

        var name = OptionalString(repository, "name") ?? throw new GateRequestException("Field 'repository.name' is required.");
        var owner = repository.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.Object ? OptionalString(o, "login") : null;
        owner ??= OptionalString(repository, "full_name")?.Split('/')[0] ?? throw new GateRequestException("Field 'repository.owner.login' is required.");

        // The run id comes from the callback URL: …/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule.
        // The URL itself is never called: the review goes to the configured API base, so a payload cannot redirect the token.
        if (!Uri.TryCreate(callback, UriKind.Absolute, out var uri))
        {
            throw new GateRequestException("Field 'deployment_callback_url': expected an absolute URL.");
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var n = segments.Length;
        if (n < 7 || segments[n - 1] != "deployment_protection_rule" || segments[n - 3] != "runs" || segments[n - 4] != "actions" || segments[n - 7] != "repos"
            || !long.TryParse(segments[n - 2], NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
        {
            throw new GateRequestException("Field 'deployment_callback_url': expected …/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule.");
        }

        if (!string.Equals(Uri.UnescapeDataString(segments[n - 6]), owner, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Uri.UnescapeDataString(segments[n - 5]), name, StringComparison.OrdinalIgnoreCase))
        {
            throw new GateRequestException("Field 'deployment_callback_url' names another repository than field 'repository'.");
        }

        long? installation = root.TryGetProperty("installation", out var inst) && inst.ValueKind == JsonValueKind.Object && inst.TryGetProperty("id", out var id) && id.TryGetInt64(out var i) ? i : null;
        var gitRef = OptionalString(root, "ref");
        var branch = gitRef is not null && gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..] : gitRef;
        return new ProtectionRuleRequest(action, owner, name, runId, environment, OptionalString(root, "event"), branch, installation);
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new GateRequestException($"The request body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).");
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new GateRequestException($"Field '{name}': expected a string, found {value.ValueKind}."),
        } : null;

    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            await RejectAsync(context, 413, "too-large", $"The request body is larger than {options.MaxBodyBytes} bytes.").ConfigureAwait(false);
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxBodyBytes)
                {
                    await RejectAsync(context, 413, "too-large", $"The request body is larger than {options.MaxBodyBytes} bytes.").ConfigureAwait(false);
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
        {
            await RejectAsync(context, 413, "too-large", $"The request body is larger than {options.MaxBodyBytes} bytes.").ConfigureAwait(false);
            return null;
        }

        return buffer.ToArray();
    }

    private Task RejectAsync(HttpContext context, int status, string reason, string message)
    {
        metrics.RecordRejected(reason);
        return WriteAsync(context, status, "application/json; charset=utf-8", AssessmentJson.Error(message));
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<RunAssessment> AssessAsync(StoredRunRequest request, CancellationToken ct)
    {
        var assessment = await assessor.AssessStoredAsync(request, ct).ConfigureAwait(false);
        var v = assessment.Verdict;
        metrics.RecordVerdict(request.Pipeline.ToString(), v.Verdict.ToString().ToLowerInvariant(), request.Source, v.ModelVersion, assessment.Elapsed);
        return assessment;
    }

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}

/// <summary>A gate request is malformed; the message says which field and what was expected.</summary>
internal sealed class GateRequestException(string message) : Exception(message);
