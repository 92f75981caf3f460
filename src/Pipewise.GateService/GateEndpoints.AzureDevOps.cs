using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipewise.Core.Reporting;
using Pipewise.Core.Assessment;
using Pipewise.Core.Runs;

namespace Pipewise.GateService;

/// <summary>The Azure DevOps "Invoke REST API" release gate: POST /api/azure-devops/gate.</summary>
internal sealed partial class GateEndpoints
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
}
