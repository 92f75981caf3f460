using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipewise.Core.Reporting;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.GitHub.Deployments;

namespace Pipewise.GateService;

/// <summary>The request handlers.</summary>
internal sealed partial class GateEndpoints(
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
    private static JsonDocument Parse(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new GateRequestException($"The request body is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(body)}); send JSON encoded as UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new GateRequestException($"The request body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var status = Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? body.Length : read;
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
        // A Pipewise failure may hide that the pipeline is unknown: it makes no new label (issue 17 item 9).
        metrics.RecordVerdict(request.Pipeline.ToString(), v.Verdict.ToString().ToLowerInvariant(), request.Source, v.ModelVersion, assessment.Elapsed,
            confirmed: !ReasonCodes.HasPipewiseError(v));
        return assessment;
    }

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}

/// <summary>A gate request is malformed; the message says which field and what was expected.</summary>
internal sealed class GateRequestException(string message) : Exception(message);
