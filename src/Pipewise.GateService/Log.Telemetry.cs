using Microsoft.Extensions.Logging;

namespace Pipewise.GateService;

/// <summary>The OpenTelemetry export's trace lines (ADR 0014).</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Warning, "OpenTelemetry: run {RunId} of {Pipeline} was not exported: {Problem}")]
    public static partial void TelemetryNotDelivered(ILogger logger, string pipeline, string runId, string problem);
}
