using System.Globalization;
using Microsoft.AspNetCore.Http;
using Pipewise.Core.Reporting;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Deployments;

namespace Pipewise.GateService;

/// <summary>The GitHub custom deployment protection rule webhook: POST /api/github/webhook.</summary>
internal sealed partial class GateEndpoints
{
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

        if (eventName is "workflow_run" or "workflow_job")
        {
            await CollectGitHubAsync(context, body, eventName).ConfigureAwait(false);
            return;
        }

        if (eventName != "deployment_protection_rule")
        {
            await WriteAsync(context, 202, "application/json; charset=utf-8", AssessmentJson.Error($"Event '{Clip(eventName)}' is not handled; subscribe the App to 'Deployment protection rule', 'Workflow run' or 'Workflow job'.")).ConfigureAwait(false);
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
        // A deployment is reviewed once (ADR 0011): keyed by run, deployment (each attempt deploys anew) and environment,
        // in the store, so that a restart or another replica refuses the same review but a re-run's deployment is reviewed.
        var deployment = request.DeploymentId?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var runKey = $"run:{request.Owner}/{request.Repository}/{request.RunId}/{deployment}/{request.Environment}".ToLowerInvariant();
        void GuardStoreFailed(string problem) => Log.ReplayGuardStoreFailed(logger, problem);
        if (deliveryKey is not null && !await replays.TryAddAsync(deliveryKey, GuardStoreFailed, ct).ConfigureAwait(false))
        {
            await RejectAsync(context, 409, "replay", $"Delivery {Clip(delivery)} was already processed.").ConfigureAwait(false);
            return;
        }

        if (!await replays.TryAddAsync(runKey, GuardStoreFailed, ct).ConfigureAwait(false))
        {
            await RejectAsync(context, 409, "replay", $"Run {request.RunId} of {Clip(request.Owner)}/{Clip(request.Repository)} was already reviewed for environment '{Clip(request.Environment)}' (deployment {deployment}).").ConfigureAwait(false);
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
                var answer = FailOpenAnswer(new PipelineKey("github", request.Owner, request.Repository, "unknown"), request.RunId.ToString(CultureInfo.InvariantCulture), options.Policy,
                    storeProblem is null ? NoHistory : StoreUnreadable, message + (approve ? " The deployment was approved (fail-open)." : " The deployment was rejected (fail-closed)."));
                await WriteAsync(context, 200, "application/json; charset=utf-8", AssessmentJson.Json(answer, approve ? "approved" : "rejected")).ConfigureAwait(false);
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
            Log.ReviewFailed(logger, request.RunId, ex.Message);
            await RejectAsync(context, 502, "github-callback", ex.Message).ConfigureAwait(false);
        }
        finally
        {
            if (!done)
            {
                // Let GitHub's redelivery try again.
                await replays.RemoveAsync(runKey, CancellationToken.None).ConfigureAwait(false);
                if (deliveryKey is not null)
                {
                    await replays.RemoveAsync(deliveryKey, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
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
            Log.ResolveFailed(logger, request.Owner, request.Repository, ex.Message);
            return (null, ex.GetType().Name);
        }
    }
}
