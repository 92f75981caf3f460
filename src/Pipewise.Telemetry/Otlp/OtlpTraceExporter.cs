using System.Diagnostics;
using System.Net.Http.Headers;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Otlp;

/// <summary>
/// Posts spans to an OTLP/HTTP traces endpoint. Never throws for the collector's sake: an unreachable, slow or refusing
/// collector is an <see cref="ExportResult"/> with the reason, within <see cref="OtlpSettings.Timeout"/> or the caller's
/// token, whichever ends first.
/// </summary>
public sealed class OtlpTraceExporter(HttpClient http, OtlpSettings settings)
{
    private static readonly string ScopeVersion = typeof(OtlpTraceExporter).Assembly.GetName().Version?.ToString(3) ?? "0";

    /// <summary>Runs per request when exporting history.</summary>
    public const int BatchRuns = 100;

    public async Task<ExportResult> ExportAsync(IReadOnlyList<TraceSpan> spans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return new ExportResult(true, 0, TimeSpan.Zero, null);
        }

        var started = Stopwatch.GetTimestamp();
        var json = settings.Protocol == OtlpProtocol.HttpJson;
        var body = json ? OtlpJson.Encode(settings.Resource, spans, ScopeVersion) : OtlpProtobuf.Encode(settings.Resource, spans, ScopeVersion);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TracesEndpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/x-protobuf");
            foreach (var (key, value) in settings.Headers)
            {
                request.Headers.TryAddWithoutValidation(key, value);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return response.IsSuccessStatusCode
                ? new ExportResult(true, spans.Count, elapsed, null)
                : new ExportResult(false, spans.Count, elapsed, $"the collector answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ExportResult(false, spans.Count, Stopwatch.GetElapsedTime(started), $"no answer from {settings.TracesEndpoint.GetLeftPart(UriPartial.Authority)} within {settings.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new ExportResult(false, spans.Count, Stopwatch.GetElapsedTime(started), $"{settings.TracesEndpoint.GetLeftPart(UriPartial.Authority)} could not be reached ({ex.HttpRequestError})");
        }
    }
}
