using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipewise.Core.Hosting;
using Pipewise.Core.Import;
using Pipewise.Core.Reporting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.GitHub;
using Pipewise.GitHub.Api;
using Pipewise.GitHub.Backfill;
using Pipewise.GitHub.Deployments;

namespace Pipewise.GateService;

/// <summary>
/// Collection by webhook (ADR 0012): GitHub <c>workflow_run</c> / <c>workflow_job</c> <c>completed</c> deliveries on
/// POST /api/github/webhook (signature checked there, on the raw body). The run attempt is read through the API
/// (<see cref="GitHubRunReader"/>, the mapping every GitHub path uses, so the same pipeline key), stored and scored
/// by <see cref="Core.Assessment.RunAssessor"/>, and, with <see cref="GateServiceOptions.CollectPostStatus"/>, the
/// step's <c>pipewise/risk</c> commit status is posted. Idempotent per delivery (a store document created only if
/// absent, <c>collect/deliveries/…</c>) and per run attempt (a stored attempt is neither collected nor reported again,
/// whether the step or a webhook stored it).
/// </summary>
internal sealed partial class GateEndpoints
{
    private const string GitHubWebhookSource = "github-webhook";
    private const string Json = "application/json; charset=utf-8";

    private readonly HttpClient collectHttp = GitHubClientFactory.CreateHttpClient(
        options.GitHubApiUrl,
        new GitHubApiOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(200), MaxRateLimitWait = TimeSpan.FromSeconds(-1), AttemptTimeout = options.RequestTimeout, Time = time },
        dependencies.GitHubHandler);

    private async Task CollectGitHubAsync(HttpContext context, byte[] body, string eventName)
    {
        var ct = context.RequestAborted;
        WorkflowDelivery delivery;
        try
        {
            delivery = ParseWorkflowDelivery(body, eventName);
        }
        catch (GateRequestException ex)
        {
            await RejectAsync(context, 400, "bad-request", ex.Message).ConfigureAwait(false);
            return;
        }

        if (delivery.Action != "completed")
        {
            await WriteAsync(context, 202, Json, Status("ignored", $"{eventName} '{Clip(delivery.Action)}' is not collected; only 'completed' is.")).ConfigureAwait(false);
            return;
        }

        var marker = DeliveryMarker("github", context.Request.Headers["X-GitHub-Delivery"].ToString());
        var store = dependencies.Store;
        if (marker is not null && !await CreateIfAbsentAsync(store, marker, body.Length, ct).ConfigureAwait(false))
        {
            await WriteAsync(context, 200, Json, Status("duplicate-delivery", "This delivery was already processed; nothing was stored again.")).ConfigureAwait(false);
            return;
        }

        var kept = false;
        try
        {
            if (delivery.Pipeline is { } known && await store.ContainsRunAsync(new RunKey(known.Provider, known.Organization, known.Repository, known.PipelineId, delivery.RunId.ToString(CultureInfo.InvariantCulture), delivery.Attempt), ct).ConfigureAwait(false))
            {
                kept = true;
                await WriteAsync(context, 200, Json, Status("already-stored", "This run attempt is already stored (by the step or an earlier delivery); nothing was stored again.")).ConfigureAwait(false);
                return;
            }

            var token = await github.TokenAsync(delivery.InstallationId, ct).ConfigureAwait(false);
            var reader = new GitHubRestReader(collectHttp, token, time) { MaxWait = TimeSpan.FromSeconds(3), MaxWaitsPerRequest = 1 };
            var run = await new GitHubRunReader(reader).ReadAsync(delivery.Owner, delivery.Repository, delivery.RunId, delivery.Attempt, ct).ConfigureAwait(false);
            if (run.Result is null)
            {
                // A job finished but the run goes on: its workflow_run (or last job) delivery collects it.
                await WriteAsync(context, 202, Json, Status("run-in-progress", $"Run {delivery.RunId} is not completed yet; it is collected when it completes.")).ConfigureAwait(false);
                return;
            }

            if (await store.ContainsRunAsync(run.Key, ct).ConfigureAwait(false))
            {
                kept = true;
                await WriteAsync(context, 200, Json, Status("already-stored", "This run attempt is already stored; nothing was stored again.")).ConfigureAwait(false);
                return;
            }

            var assessment = await assessor.AssessNewRunAsync(run, options.Policy, GitHubWebhookSource, ct).ConfigureAwait(false);
            metrics.RecordVerdict(run.Pipeline.ToString(), assessment.Verdict.Verdict.ToString().ToLowerInvariant(), GitHubWebhookSource, assessment.Verdict.ModelVersion, assessment.Elapsed);
            ExportCollected(run, assessment);
            kept = true;
            var posted = options.CollectPostStatus && run.Commit is { Length: > 0 }
                ? await PostStatusAsync(reader, run, assessment, delivery.HtmlUrl, ct).ConfigureAwait(false)
                : "not-configured";
            context.Response.Headers["X-Pipewise-Status"] = posted;
            await WriteAsync(context, 200, Json, AssessmentJson.Json(assessment, "collected")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitHubRequestException or GitHubCallbackException or HttpRequestException or FormatException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Log.CollectFailed(logger, delivery.RunId, ex.Message);
            await RejectAsync(context, 502, "github-api", $"Run {delivery.RunId} of {Clip(delivery.Owner)}/{Clip(delivery.Repository)} could not be collected: {ex.Message} Redeliver the webhook to try again.").ConfigureAwait(false);
        }
        finally
        {
            if (!kept && marker is not null)
            {
                // Nothing was stored: let a redelivery try again.
                await store.DeleteDocumentAsync(marker, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Posts the step's commit status; a failure is logged and reported in the answer, never fatal.</summary>
    private async Task<string> PostStatusAsync(GitHubRestReader reader, RunRecord run, Core.Assessment.RunAssessment assessment, Uri? htmlUrl, CancellationToken ct)
    {
        try
        {
            var outcome = RunOutcome.From(assessment, run, 0);
            using var _ = await reader.PostAsync(
                $"repos/{Uri.EscapeDataString(run.Organization)}/{Uri.EscapeDataString(run.Repository)}/statuses/{Uri.EscapeDataString(run.Commit!)}",
                CommitStatusBody.For(outcome, htmlUrl),
                ct).ConfigureAwait(false);
            return "posted";
        }
        catch (Exception ex) when (ex is GitHubRequestException or HttpRequestException)
        {
            Log.CollectStatusFailed(logger, long.Parse(run.RunId, CultureInfo.InvariantCulture), ex.Message);
            return "failed";
        }
    }

    /// <summary>Creates the delivery's marker document; false when it already exists (the delivery was processed).</summary>
    private static async Task<bool> CreateIfAbsentAsync(IDocumentStore store, string path, int bytes, CancellationToken ct)
    {
        try
        {
            await store.PutDocumentAsync(path, Encoding.UTF8.GetBytes($"{{\"bytes\":{bytes.ToString(CultureInfo.InvariantCulture)}}}"), null, ct).ConfigureAwait(false);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }

    private static string? DeliveryMarker(string provider, string delivery)
    {
        if (string.IsNullOrWhiteSpace(delivery))
        {
            return null;
        }

        var id = KeyEscaping.Escape(delivery.Trim());
        return $"collect/deliveries/{provider}/{(id.Length > 120 ? id[..120] : id)}.json";
    }

    private static byte[] Status(string status, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static WorkflowDelivery ParseWorkflowDelivery(byte[] body, string eventName)
    {
        using var doc = Parse(body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("The payload is not a JSON object.");
        }

        var action = OptionalString(root, "action") ?? throw new GateRequestException("Field 'action': required (expected e.g. \"completed\").");
        var repository = root.TryGetProperty("repository", out var r) && r.ValueKind == JsonValueKind.Object ? r : throw new GateRequestException("Field 'repository': required (an object).");
        var owner = repository.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.Object ? OptionalString(o, "login") : null;
        var name = OptionalString(repository, "name");
        if (owner is null || name is null)
        {
            throw new GateRequestException("Fields 'repository.owner.login' and 'repository.name': required strings.");
        }

        var item = eventName == "workflow_run" ? "workflow_run" : "workflow_job";
        var element = root.TryGetProperty(item, out var e) && e.ValueKind == JsonValueKind.Object ? e : throw new GateRequestException($"Field '{item}': required (an object).");
        var runId = Long(element, eventName == "workflow_run" ? "id" : "run_id", item);
        var attempt = element.TryGetProperty("run_attempt", out var a) && a.TryGetInt32(out var n) && n > 0 ? n : 1;
        long? installation = root.TryGetProperty("installation", out var i) && i.ValueKind == JsonValueKind.Object && i.TryGetProperty("id", out var iid) && iid.TryGetInt64(out var v) ? v : null;
        PipelineKey? pipeline = eventName == "workflow_run" && element.TryGetProperty("workflow_id", out var w) && w.TryGetInt64(out var wid)
            ? new PipelineKey("github", owner, name, GitHubPipelineIdentity.PipelineId(wid.ToString(CultureInfo.InvariantCulture), null)!)
            : null;
        var html = eventName == "workflow_run" ? OptionalString(element, "html_url") : null;
        return new WorkflowDelivery(action, owner, name, runId, attempt, installation, pipeline, html is not null && Uri.TryCreate(html, UriKind.Absolute, out var u) ? u : null);
    }

    private static long Long(JsonElement element, string name, string at) =>
        element.TryGetProperty(name, out var v) && v.TryGetInt64(out var l) && l > 0 ? l : throw new GateRequestException($"Field '{at}.{name}': required (a positive integer).");

    private sealed record WorkflowDelivery(string Action, string Owner, string Repository, long RunId, int Attempt, long? InstallationId, PipelineKey? Pipeline, Uri? HtmlUrl);
}
