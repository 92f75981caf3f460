using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Pipewise.Core.Runs;
using Pipewise.Telemetry.Otlp;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Metrics;

/// <summary>
/// Records one run's metrics and pushes them through the OpenTelemetry .NET SDK's OTLP exporter (HTTP/protobuf to the
/// metrics endpoint), flushing within the given deadline. Returns false, never throws, when the collector did
/// not take them in time.
/// </summary>
public static class MetricsExport
{
    public static async Task<bool> ExportAsync(RunRecord run, RunAnnotations annotations, OtlpSettings settings, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var export = Task.Run(() =>
        {
            using var metrics = new PipewiseMetrics();
            var provider = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(settings.Resource.Attributes))
                .AddMeter(PipewiseMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = settings.MetricsEndpoint;
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    exporter.TimeoutMilliseconds = Milliseconds(deadline);
                    exporter.Headers = string.Join(',', settings.Headers.Select(h => h.Key + "=" + Uri.EscapeDataString(h.Value)));
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue;
                })
                .Build();
            try
            {
                metrics.Record(run, annotations);

                // Shutting down collects and exports once (a flush first would send a second, empty request).
                return provider.Shutdown(Milliseconds(deadline));
            }
            finally
            {
                provider.Dispose();
            }
        }, CancellationToken.None);
        var finished = await Task.WhenAny(export, Task.Delay(deadline, cancellationToken)).ConfigureAwait(false);
        return finished == export && await export.ConfigureAwait(false);
    }

    private static int Milliseconds(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 1, int.MaxValue);
}
