using Pipewise.Core.Runs;
using Pipewise.Telemetry.Metrics;
using Pipewise.Telemetry.Otlp;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry;

/// <summary>
/// Exports the run <c>pipewise run</c> just assessed: its trace and its metrics, at the same time, within one deadline.
/// Returns the problems to show as warnings (none when the collector took both); never throws for the collector.
/// </summary>
public static class RunTelemetry
{
    /// <summary>The most a run's export may take, whatever OTEL_EXPORTER_OTLP_TIMEOUT says.</summary>
    public static readonly TimeSpan MaxRunExportTime = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<string>> ExportAsync(RunRecord run, RunAnnotations annotations, OtlpSettings settings, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var deadline = settings.Timeout < MaxRunExportTime ? settings.Timeout : MaxRunExportTime;
        var bounded = settings with { Timeout = deadline };
        var spans = RunTraceBuilder.Build(run, annotations);
        var traces = new OtlpTraceExporter(http, bounded).ExportAsync(spans, cancellationToken);
        var metrics = MetricsExport.ExportAsync(run, annotations, bounded, deadline, cancellationToken);
        await Task.WhenAll(traces, metrics).ConfigureAwait(false);
        var problems = new List<string>();
        if (spans.Count == 0)
        {
            problems.Add("the run has no start or finish time, so it has no trace");
        }
        else if (!(await traces.ConfigureAwait(false)).Delivered)
        {
            problems.Add("the trace was not delivered: " + (await traces.ConfigureAwait(false)).Problem);
        }

        if (!await metrics.ConfigureAwait(false))
        {
            problems.Add($"the metrics were not delivered to {settings.MetricsEndpoint.GetLeftPart(UriPartial.Authority)} within {deadline.TotalSeconds:0.#} s");
        }

        return problems;
    }
}
