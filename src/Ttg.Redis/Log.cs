using Microsoft.Extensions.Logging;

namespace Ttg.Redis;

/// <summary>Source-generated log messages of the Redis backend.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Lost connection to Redis at {EndPoint} ({FailureType}); reconnecting")]
    public static partial void ConnectionFailed(ILogger logger, string endPoint, string failureType, Exception? exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Reconnected to Redis at {EndPoint}")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Connected to Redis {Version} at {EndPoint} with key prefix '{Prefix}'")]
    public static partial void Connected(ILogger logger, string version, string endPoint, string prefix);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Job {JobId} is no longer running; removed from the running set")]
    public static partial void JobLeftRunningSet(ILogger logger, string jobId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Submission of job {JobId} failed halfway and the partial job could not be removed ({Error}); `ttg delete {JobId}` removes it")]
    public static partial void HalfSubmittedJobLeft(ILogger logger, string jobId, string error);
}
