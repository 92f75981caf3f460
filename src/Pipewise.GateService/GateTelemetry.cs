using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Pipewise.Telemetry.Otlp;

namespace Pipewise.GateService;

/// <summary>
/// One OpenTelemetry SDK pipeline for the gate's instruments (ADR 0016): <see cref="GateMetrics"/> and ASP.NET Core's
/// request duration, read by the Prometheus exporter behind <c>/metrics</c> and, when <c>OTEL_EXPORTER_OTLP_*</c> is set,
/// pushed over OTLP/HTTP by a periodic reader. Only instruments of this host's <see cref="IMeterFactory"/> are taken, so
/// two services in one process never count each other's requests.
/// </summary>
internal static class GateTelemetry
{
    /// <summary>ASP.NET Core's meter; of it only <see cref="RequestDuration"/> is kept.</summary>
    internal const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    internal const string RequestDuration = "http.server.request.duration";

    /// <summary>Series kept per instrument; beyond it the SDK folds new label sets into one overflow series.</summary>
    internal const int VerdictSeries = (GateMetrics.MaxPipelineLabels + 1) * 8;

    public static MeterProvider Build(IMeterFactory meterFactory, bool prometheus, OtlpSettings? otlp)
    {
        var resource = ResourceBuilder.CreateEmpty();
        resource = otlp is null ? resource.AddService("pipewise-gate") : resource.AddAttributes(otlp.Resource.Attributes);
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(GateMetrics.MeterName, HostingMeter)
            .AddView(instrument => View(instrument, meterFactory));
        if (prometheus)
        {
            builder.AddPrometheusExporter(o =>
            {
                // Every scrape reads the instruments now (the default caches an answer for 300 ms).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            });
        }

        if (otlp is not null)
        {
            builder.AddOtlpExporter((exporter, _) =>
            {
                exporter.Endpoint = otlp.MetricsEndpoint;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.TimeoutMilliseconds = (int)Math.Clamp(otlp.Timeout.TotalMilliseconds, 1, int.MaxValue);
                exporter.Headers = string.Join(',', otlp.Headers.Select(h => h.Key + "=" + Uri.EscapeDataString(h.Value)));
            });
        }

        return builder.Build();
    }

    private static MetricStreamConfiguration? View(Instrument instrument, IMeterFactory meterFactory)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, meterFactory)
            || (instrument.Meter.Name == HostingMeter && instrument.Name != RequestDuration))
        {
            return MetricStreamConfiguration.Drop;
        }

        return instrument.Name switch
        {
            "pipewise.gate.verdicts" => new MetricStreamConfiguration { CardinalityLimit = VerdictSeries },
            "pipewise.model.info" => new MetricStreamConfiguration { CardinalityLimit = GateMetrics.MaxPipelineLabels + 10 },
            _ => null,
        };
    }
}
