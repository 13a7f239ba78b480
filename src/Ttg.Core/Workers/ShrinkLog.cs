using Microsoft.Extensions.Logging;

namespace Ttg.Workers;

/// <summary>The log lines of a chunk handing its tail back, apart from the worker's own so each stays one concept.</summary>
internal static partial class ShrinkLog
{
    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Worker {WorkerId} hands back parameters {From}..{To} of chunk {ChunkId} of job {JobId} for an idle worker and keeps {Kept}")]
    public static partial void HandedBack(ILogger logger, string workerId, long from, long to, string chunkId, string jobId, int kept);

    [LoggerMessage(EventId = 42, Level = LogLevel.Debug, Message = "Chunk {ChunkId} of job {JobId} keeps its whole range: handing its tail back failed ({Reason})")]
    public static partial void NotHandedBack(ILogger logger, string chunkId, string jobId, string reason);
}
