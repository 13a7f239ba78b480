using Microsoft.Extensions.Logging;

namespace Ttg.Sqlite;

/// <summary>The backend's log messages.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened the SQLite store {Path} (created: {Created})")]
    public static partial void Opened(ILogger logger, string path, bool created);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Submitted job {JobId} with {Chunks} chunks in {ElapsedMs} ms")]
    public static partial void Submitted(ILogger logger, string jobId, int chunks, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Reclaimed {Count} expired chunk leases of job {JobId}")]
    public static partial void Reclaimed(ILogger logger, int count, string jobId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Freed {Count} chunks held by worker {WorkerId}")]
    public static partial void WorkerReleased(ILogger logger, int count, string workerId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Worker {WorkerId} fell silent past its liveness timeout; its {Count} chunks are taken over")]
    public static partial void SessionLapsed(ILogger logger, string workerId, int count);
}
