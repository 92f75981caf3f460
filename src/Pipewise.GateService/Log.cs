using Microsoft.Extensions.Logging;

namespace Pipewise.GateService;

/// <summary>The gate service's diagnostic trace (source-generated; never carries a secret or a request body).</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Warning, "GitHub review for run {RunId} failed: {Error}")]
    public static partial void ReviewFailed(ILogger logger, long runId, string error);

    [LoggerMessage(102, LogLevel.Warning, "Gate: the store could not be read to resolve {Owner}/{Repository}: {Error}")]
    public static partial void ResolveFailed(ILogger logger, string owner, string repository, string error);

    [LoggerMessage(103, LogLevel.Warning, "Gate: the replay guard could not reach the store, so only this instance's memory refuses replays: {Error}")]
    public static partial void ReplayGuardStoreFailed(ILogger logger, string error);

    [LoggerMessage(104, LogLevel.Information, "Maintenance: {Folded} verdicts compacted into {Segments} segments ({Adopted} adopted), {Entries} entries and {Replays} expired replay documents deleted")]
    public static partial void MaintenanceDone(ILogger logger, int folded, int segments, int adopted, int entries, int replays);

    [LoggerMessage(105, LogLevel.Warning, "Maintenance failed, tried again at the next interval: {Error}")]
    public static partial void MaintenanceFailed(ILogger logger, string error);
}
