using Microsoft.Extensions.Logging;

namespace Pipewise.Core.Assessment;

/// <summary>The assessment's diagnostic trace (what the user reads goes into notes and reasons instead).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Assessment: the store could not be used for {Pipeline}")]
    public static partial void StoreFailed(ILogger logger, string pipeline, Exception error);

    [LoggerMessage(2, LogLevel.Warning, "Assessment: the forecast failed for {Pipeline}")]
    public static partial void ForecastFailed(ILogger logger, string pipeline, Exception error);

    [LoggerMessage(3, LogLevel.Warning, "Assessment: the tuning agent failed for {Pipeline}")]
    public static partial void AgentFailed(ILogger logger, string pipeline, Exception error);

    [LoggerMessage(4, LogLevel.Warning, "Assessment: the prediction could not be recorded for {Pipeline}")]
    public static partial void PredictionFailed(ILogger logger, string pipeline, Exception error);

    [LoggerMessage(5, LogLevel.Warning, "Assessment: the verdict could not be recorded for {Pipeline}")]
    public static partial void VerdictLogFailed(ILogger logger, string pipeline, Exception error);
}
