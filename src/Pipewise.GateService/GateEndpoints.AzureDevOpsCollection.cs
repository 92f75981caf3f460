using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipewise.AzureDevOps.Backfill;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Reporting;

namespace Pipewise.GateService;

/// <summary>
/// Collection by Azure DevOps service hook (ADR 0012): POST /api/azure-devops/collect with a "Build completed"
/// (<c>build.complete</c>) web hook, authenticated by basic auth whose password is
/// <see cref="GateServiceOptions.AzureDevOpsHookSecret"/>. The build is read from the configured organization URL
/// (never from a URL in the payload), stored and scored by the one assessment. Idempotent per notification
/// (<c>collect/deliveries/azure-devops/…</c>) and per build (a build stored by its job or a backfill is not collected again).
/// </summary>
internal sealed partial class GateEndpoints
{
    private const string AzureDevOpsHookSource = "azure-devops-service-hook";

    public async Task AzureDevOpsCollectAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (options.AzureDevOpsHookSecret is null || options.AzureDevOpsOrganizationUrl is null || options.AzureDevOpsToken is null)
        {
            await RejectAsync(context, 503, "not-configured", $"Service-hook collection is not configured: set {GateServiceOptions.AzureDevOpsHookSecretVariable}, {GateServiceOptions.AzureDevOpsOrganizationUrlVariable} and {GateServiceOptions.AzureDevOpsTokenVariable} where the service runs.").ConfigureAwait(false);
            return;
        }

        if (!WebhookSignature.SecretEquals(BasicPassword(context.Request.Headers.Authorization.ToString()), options.AzureDevOpsHookSecret))
        {
            await RejectAsync(context, 401, "unauthorized", "Missing or wrong basic authentication: set the service hook's password to the configured secret.").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        (string EventType, string? NotificationId, string Project, int BuildId) hook;
        try
        {
            hook = ParseServiceHook(body);
        }
        catch (GateRequestException ex)
        {
            await RejectAsync(context, 400, "bad-request", ex.Message).ConfigureAwait(false);
            return;
        }

        if (hook.EventType != "build.complete")
        {
            await WriteAsync(context, 202, Json, Status("ignored", $"Event '{Clip(hook.EventType)}' is not collected; subscribe to 'Build completed'.")).ConfigureAwait(false);
            return;
        }

        var store = dependencies.Store;
        var marker = DeliveryMarker("azure-devops", hook.NotificationId ?? string.Empty);
        if (marker is not null && !await CreateIfAbsentAsync(store, marker, body.Length, ct).ConfigureAwait(false))
        {
            await WriteAsync(context, 200, Json, Status("duplicate-delivery", "This notification was already processed; nothing was stored again.")).ConfigureAwait(false);
            return;
        }

        var kept = false;
        try
        {
            var connection = new AzureDevOpsConnection(options.AzureDevOpsOrganizationUrl, AzureDevOpsCredential.Detect(options.AzureDevOpsToken));
            var client = context.RequestServices.GetRequiredService<AzureDevOpsClientFactory>().Create(connection);
            var run = await new AzureDevOpsBuildReader(client, AzureDevOpsConnection.OrganizationOf(connection.CollectionUri)).ReadAsync(hook.Project, hook.BuildId, ct).ConfigureAwait(false);
            if (run.Result is null)
            {
                await WriteAsync(context, 202, Json, Status("run-in-progress", $"Build {hook.BuildId} is not completed yet.")).ConfigureAwait(false);
                return;
            }

            var stored = await recentRuns.GetAsync(run.Pipeline, assessor.Options.HistoryLength + 1, ct).ConfigureAwait(false);
            if (stored.Any(r => r.RunId == run.RunId) || await store.ContainsRunAsync(run.Key, ct).ConfigureAwait(false))
            {
                kept = true;
                await WriteAsync(context, 200, Json, Status("already-stored", "This build is already stored (by its job or an earlier notification); nothing was stored again.")).ConfigureAwait(false);
                return;
            }

            var assessment = await assessor.AssessNewRunAsync(run, options.Policy, AzureDevOpsHookSource, ct).ConfigureAwait(false);
            metrics.RecordVerdict(run.Pipeline.ToString(), assessment.Verdict.Verdict.ToString().ToLowerInvariant(), AzureDevOpsHookSource, assessment.Verdict.ModelVersion, assessment.Elapsed);
            ExportCollected(run, assessment);
            kept = true;
            await WriteAsync(context, 200, Json, AssessmentJson.Json(assessment, "collected")).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            Log.CollectFailed(logger, hook.BuildId, ex.Message);
            await RejectAsync(context, 502, "azure-devops-api", $"Build {hook.BuildId} could not be collected: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            if (!kept && marker is not null)
            {
                await store.DeleteDocumentAsync(marker, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static string? BasicPassword(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? text[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (string EventType, string? NotificationId, string Project, int BuildId) ParseServiceHook(byte[] body)
    {
        using var doc = Parse(body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("The payload is not a JSON object.");
        }

        var eventType = OptionalString(root, "eventType") ?? throw new GateRequestException("Field 'eventType': required (expected \"build.complete\").");
        var notification = OptionalString(root, "id");
        if (eventType != "build.complete")
        {
            return (eventType, notification, string.Empty, 0);
        }

        var resource = root.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object ? r : throw new GateRequestException("Field 'resource': required (an object).");
        var buildId = resource.TryGetProperty("id", out var id) && id.TryGetInt32(out var b) && b > 0 ? b : throw new GateRequestException("Field 'resource.id': required (the build id, a positive integer).");
        string? project = null;
        if (resource.TryGetProperty("project", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            project = OptionalString(p, "name") ?? OptionalString(p, "id");
        }

        if (project is null && root.TryGetProperty("resourceContainers", out var containers) && containers.ValueKind == JsonValueKind.Object
            && containers.TryGetProperty("project", out var pc) && pc.ValueKind == JsonValueKind.Object)
        {
            project = OptionalString(pc, "id");
        }

        return (eventType, notification, project ?? throw new GateRequestException("Fields 'resource.project' and 'resourceContainers.project.id': one is required (the project)."), buildId);
    }
}
