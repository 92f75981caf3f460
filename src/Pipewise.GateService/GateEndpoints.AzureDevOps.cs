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
            // The same answer as `pipewise gate` and the GitHub webhook: the policy's, fail-open by default (ADR 0011).
            var answer = FailOpenAnswer(pipeline, runId, options.Policy, NoHistory, ex.Message);
            await WriteAsync(context, 200, "application/json; charset=utf-8", AssessmentJson.Json(answer)).ConfigureAwait(false);
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

        string? runId = OptionalString(root, "runId") is { } r ? RequirePart("runId", r) : null;
        if (OptionalString(root, "pipeline") is { } text)
        {
            if (!PipelineKey.TryParse(text, out var key))
            {
                throw new GateRequestException($"Field 'pipeline': expected provider/org/repo/pipeline (e.g. azure-devops/contoso/web/42), found '{Clip(text)}'.");
            }

            RequirePart("pipeline", key.Provider, "provider");
            RequirePart("pipeline", key.Organization, "organisation");
            RequirePart("pipeline", key.Repository, "project");
            RequirePart("pipeline", key.PipelineId, "pipeline id");
            return (key, runId);
        }

        var organization = RequirePart("organization", OptionalString(root, "organization") ?? throw new GateRequestException("Field 'pipeline' (or 'organization', 'project', 'pipelineId') is required."));
        var project = OptionalString(root, "project") is { } p ? RequirePart("project", p)
            : OptionalString(root, "repository") is { } repo ? RequirePart("repository", repo)
            : throw new GateRequestException("Field 'project' is required when 'pipeline' is not given.");
        var pipelineId = OptionalString(root, "pipelineId") is { } id ? RequirePart("pipelineId", id)
            : OptionalString(root, "definitionId") is { } definition ? RequirePart("definitionId", definition)
            : throw new GateRequestException("Field 'pipelineId' is required when 'pipeline' is not given.");
        var provider = OptionalString(root, "provider") is { } given ? RequirePart("provider", given) : "azure-devops";
        return (new PipelineKey(provider, organization, project, pipelineId), runId);
    }

    /// <summary>The longest pipeline key part or run id a gate request may name, in characters.</summary>
    internal const int MaxKeyPartLength = 100;

    /// <summary>
    /// A pipeline key part or run id as a request gives it: not blank, no leading or trailing white space, no control
    /// character, at most <see cref="MaxKeyPartLength"/> characters. Only values that pass reach the store or a metric label.
    /// </summary>
    private static string RequirePart(string field, string value, string? part = null)
    {
        var what = part is null ? $"Field '{field}'" : $"Field '{field}': the {part}";
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new GateRequestException($"{what} must not be blank.");
        }

        if (value.Length > MaxKeyPartLength)
        {
            throw new GateRequestException($"{what} is longer than {MaxKeyPartLength} characters.");
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            throw new GateRequestException($"{what} must not start or end with white space, found '{Clip(value)}'.");
        }

        if (value.Any(char.IsControl))
        {
            throw new GateRequestException($"{what} must not contain control characters.");
        }

        return value;
    }
}
