using Microsoft.Extensions.Logging;

namespace Ttg.Workers;

/// <summary>The log lines of speculative copies, apart from the worker's own so each stays one concept.</summary>
internal static partial class SpeculationLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Worker {WorkerId} computes a copy of straggling chunk {ChunkId} of job {JobId} ({Count} parameters); the first completion is kept")]
    public static partial void Copying(ILogger logger, string workerId, string chunkId, string jobId, int count);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Chunk {ChunkId} of job {JobId}: the other holder's result was stored first; this copy's is discarded")]
    public static partial void CopyDiscarded(ILogger logger, string chunkId, string jobId);
}
