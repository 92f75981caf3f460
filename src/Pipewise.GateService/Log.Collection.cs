using Microsoft.Extensions.Logging;

namespace Pipewise.GateService;

/// <summary>The webhook collection's trace lines (ADR 0012).</summary>
internal static partial class Log
{
    [LoggerMessage(201, LogLevel.Warning, "Webhook collection of run {RunId} failed: {Error}")]
    public static partial void CollectFailed(ILogger logger, long runId, string error);

    [LoggerMessage(202, LogLevel.Warning, "Webhook collection: the commit status of run {RunId} could not be posted: {Error}")]
    public static partial void CollectStatusFailed(ILogger logger, long runId, string error);
}
