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

    /// <summary>Attempts per request: the first and two retries of a transient failure.</summary>
    public const int MaxAttempts = 3;

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
        string? problem = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, settings.TracesEndpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/x-protobuf");
                foreach (var (key, value) in settings.Headers)
                {
                    request.Headers.TryAddWithoutValidation(key, value);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return new ExportResult(true, spans.Count, Stopwatch.GetElapsedTime(started), null);
                }

                problem = $"the collector answered {(int)response.StatusCode} {response.ReasonPhrase}";
                if ((int)response.StatusCode is not (429 or 502 or 503 or 504))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ExportResult(false, spans.Count, Stopwatch.GetElapsedTime(started), $"no answer from {settings.TracesEndpoint.GetLeftPart(UriPartial.Authority)} within {settings.Timeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException ex)
            {
                problem = $"{settings.TracesEndpoint.GetLeftPart(UriPartial.Authority)} could not be reached ({ex.HttpRequestError})";
            }

            // The OTLP specification's transient failures (a dropped connection, 429, 502, 503, 504) are retried with a
            // short backoff, all within the one timeout.
            if (attempt < MaxAttempts)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        return new ExportResult(false, spans.Count, Stopwatch.GetElapsedTime(started), problem);
    }
}
