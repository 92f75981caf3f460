using Pipewise.Core.Assessment;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.Telemetry;
using Pipewise.Telemetry.Traces;

namespace Pipewise.GateService;

/// <summary>
/// Runs collected by webhook go to OpenTelemetry (trace and metrics, ADR 0014) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set for the service. The export runs after the webhook is answered, so a slow collector never delays GitHub or
/// Azure DevOps; a failed export is logged, never retried into the delivery.
/// </summary>
internal sealed partial class GateEndpoints
{
    private readonly HttpClient otlpClient = new() { Timeout = Timeout.InfiniteTimeSpan };

    private void ExportCollected(RunRecord run, RunAssessment assessment)
    {
        if (dependencies.Otlp is not { } settings)
        {
            return;
        }

        var annotations = RunAnnotations.From(RunOutcome.From(assessment, run, 0), time.GetUtcNow());
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var problem in await RunTelemetry.ExportAsync(run, annotations, settings, otlpClient, CancellationToken.None).ConfigureAwait(false))
                {
                    Log.TelemetryNotDelivered(logger, run.Pipeline.ToString(), run.RunId, problem);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.TelemetryNotDelivered(logger, run.Pipeline.ToString(), run.RunId, ex.Message);
            }
        });
    }
}
