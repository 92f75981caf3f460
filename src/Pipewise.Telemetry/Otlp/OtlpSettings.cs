using System.Globalization;
using System.Reflection;

namespace Pipewise.Telemetry.Otlp;

/// <summary>
/// Where and how to export, from the standard <c>OTEL_*</c> variables (the OpenTelemetry specification's names and
/// defaults) with Pipewise's <c>otel-endpoint</c> input as a fallback for the endpoint:
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (base URL; <c>/v1/traces</c> and <c>/v1/metrics</c> are appended),
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> / <c>_METRICS_ENDPOINT</c> (used as given), <c>OTEL_EXPORTER_OTLP_HEADERS</c>
/// (and the per-signal ones; <c>k=v,k2=v2</c>, values URL-decoded), <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// (<c>http/protobuf</c> default, <c>http/json</c>), <c>OTEL_EXPORTER_OTLP_TIMEOUT</c> (milliseconds, default 10 000),
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>. <see cref="ToString"/> never prints header values.
/// </summary>
public sealed record OtlpSettings
{
    public required Uri TracesEndpoint { get; init; }
    public required Uri MetricsEndpoint { get; init; }
    public OtlpProtocol Protocol { get; init; } = OtlpProtocol.HttpProtobuf;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public required OtlpResource Resource { get; init; }

    /// <summary>The header values (tokens), for the secret masker.</summary>
    public IEnumerable<string> Secrets => Headers.Select(h => h.Value).Where(v => v.Length > 0);

    /// <summary>The settings, or null when no endpoint is configured (export is off). Throws <see cref="FormatException"/> naming the variable for a bad value.</summary>
    public static OtlpSettings? From(Func<string, string?> read, string? endpointInput = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        string? Get(string name) => read(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var baseText = Get("OTEL_EXPORTER_OTLP_ENDPOINT") ?? (string.IsNullOrWhiteSpace(endpointInput) ? null : endpointInput.Trim());
        var tracesText = Get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var metricsText = Get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        if (baseText is null && tracesText is null)
        {
            return null;
        }

        var baseUri = baseText is null ? null : Url("OTEL_EXPORTER_OTLP_ENDPOINT", baseText);
        Uri Signal(string? specific, string variable, string path) =>
            specific is not null ? Url(variable, specific)
            : baseUri is not null ? new Uri(baseUri.AbsoluteUri.TrimEnd('/') + path)
            : throw new FormatException($"{variable} or OTEL_EXPORTER_OTLP_ENDPOINT must be set when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is.");
        var protocol = (Get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? Get("OTEL_EXPORTER_OTLP_PROTOCOL"))?.ToLowerInvariant() switch
        {
            null or "http/protobuf" => OtlpProtocol.HttpProtobuf,
            "http/json" => OtlpProtocol.HttpJson,
            "grpc" => throw new FormatException("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported by Pipewise; use http/protobuf (the default) or http/json and the collector's OTLP/HTTP port (4318)."),
            var other => throw new FormatException($"OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json, not '{other}'."),
        };
        var timeout = TimeSpan.FromSeconds(10);
        if (Get("OTEL_EXPORTER_OTLP_TIMEOUT") is { } t)
        {
            timeout = int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? TimeSpan.FromMilliseconds(ms)
                : throw new FormatException("OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds > 0.");
        }

        var headers = Pairs("OTEL_EXPORTER_OTLP_HEADERS", Get("OTEL_EXPORTER_OTLP_HEADERS"))
            .Concat(Pairs("OTEL_EXPORTER_OTLP_TRACES_HEADERS", Get("OTEL_EXPORTER_OTLP_TRACES_HEADERS")))
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToList();
        var resource = new List<KeyValuePair<string, object>>
        {
            new("service.name", Get("OTEL_SERVICE_NAME") ?? "pipewise"),
            new("service.version", typeof(OtlpSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"),
        };
        foreach (var (k, v) in Pairs("OTEL_RESOURCE_ATTRIBUTES", Get("OTEL_RESOURCE_ATTRIBUTES")))
        {
            resource.RemoveAll(r => r.Key == k);
            resource.Add(new(k, v));
        }

        return new OtlpSettings
        {
            TracesEndpoint = Signal(tracesText, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/v1/traces"),
            MetricsEndpoint = Signal(metricsText, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "/v1/metrics"),
            Protocol = protocol,
            Headers = headers,
            Timeout = timeout,
            Resource = new OtlpResource(resource),
        };
    }

    public override string ToString() =>
        $"OTLP {(Protocol == OtlpProtocol.HttpJson ? "http/json" : "http/protobuf")} to {TracesEndpoint} (headers: {(Headers.Count == 0 ? "none" : string.Join(", ", Headers.Select(h => h.Key + "=***")))})";

    private static Uri Url(string variable, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : throw new FormatException($"{variable} must be an absolute http(s) URL without credentials (put tokens in OTEL_EXPORTER_OTLP_HEADERS).");

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string variable, string? text)
    {
        if (text is null)
        {
            yield break;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{variable}: expected key=value pairs separated by commas; an entry has no key or no '=' (its value is not shown).");
            }

            yield return new(Uri.UnescapeDataString(part[..eq].Trim()), Uri.UnescapeDataString(part[(eq + 1)..].Trim()));
        }
    }
}
