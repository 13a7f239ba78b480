using Microsoft.Extensions.Logging;

namespace Ttg.Workers;

/// <summary>The worker's log lines, source-generated so the hot path pays nothing when a level is off.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Worker {WorkerId} started on {Backend}: concurrency {Concurrency}, computations {Computations}")]
    public static partial void Started(ILogger logger, string workerId, string backend, int concurrency, string computations);

    [LoggerMessage(2, LogLevel.Information, "Worker {WorkerId}: {Parameters} parameters done ({Failed} failed), {Rate:F0} params/s")]
    public static partial void Progress(ILogger logger, string workerId, long parameters, long failed, double rate);

    [LoggerMessage(3, LogLevel.Warning, "Chunk {ChunkId} of job {JobId} (parameters {Start}..{End}) failed on attempt {Attempt}/{MaxAttempts}: {Error}; {Action}")]
    public static partial void ChunkFailed(ILogger logger, string chunkId, string jobId, long start, long end, int attempt, int maxAttempts, string error, string action);

    [LoggerMessage(4, LogLevel.Warning, "Parameter {Index} of job {JobId} recorded as failed after {Attempts} attempts: {Error}")]
    public static partial void ParameterPoisoned(ILogger logger, long index, string jobId, int attempts, string error);

    [LoggerMessage(5, LogLevel.Warning, "Chunk {ChunkId} of job {JobId}: lease lost to another worker; this result is discarded (the other worker's counts)")]
    public static partial void LeaseLost(ILogger logger, string chunkId, string jobId);

    [LoggerMessage(6, LogLevel.Warning, "Backend unavailable ({Error}); retrying in {DelayMs} ms")]
    public static partial void BackendUnavailable(ILogger logger, string error, long delayMs);

    [LoggerMessage(7, LogLevel.Information, "Worker {WorkerId} stopping: finishing {Running} running chunks within {GraceSeconds} s, releasing {Queued} queued chunks")]
    public static partial void Stopping(ILogger logger, string workerId, int running, int queued, double graceSeconds);

    [LoggerMessage(8, LogLevel.Information, "Worker {WorkerId} stopped: {Chunks} chunks, {Succeeded} parameters succeeded, {Failed} failed, {Released} chunks released")]
    public static partial void Stopped(ILogger logger, string workerId, long chunks, long succeeded, long failed, long released);

    [LoggerMessage(9, LogLevel.Information, "Worker {WorkerId}: no open work left; exiting")]
    public static partial void Idle(ILogger logger, string workerId);

    [LoggerMessage(10, LogLevel.Warning, "Job {JobId} waits for computation '{Computation}', which this worker has not registered; it will not take that job's chunks")]
    public static partial void MissingComputation(ILogger logger, string jobId, string computation);

    [LoggerMessage(11, LogLevel.Warning, "Chunk {ChunkId} of job {JobId} arrived on attempt {Attempt} of {MaxAttempts}: earlier workers died computing it; isolating it without running it again")]
    public static partial void ExhaustedOnArrival(ILogger logger, string chunkId, string jobId, int attempt, int maxAttempts);

    [LoggerMessage(21, LogLevel.Information, "Chunk {ChunkId} of job {JobId} (attempt {Attempt}): an earlier holder was lost computing it; computing it alone, so a repeat loss is pinned on it and not on chunks beside it")]
    public static partial void ComputingAlone(ILogger logger, string chunkId, string jobId, int attempt);

    [LoggerMessage(12, LogLevel.Warning, "Grace period over: cancelled and released {Count} unfinished chunks")]
    public static partial void GraceExpired(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Information, "Worker {WorkerId} leased its first {Chunks} chunks {Milliseconds} ms after it started")]
    public static partial void FirstLease(ILogger logger, string workerId, int chunks, long milliseconds);

    [LoggerMessage(14, LogLevel.Error, "Parameter {Index} of job {JobId} ignored its time limit of {LimitSeconds} s (running for {RanSeconds:F1} s); this worker hands back its lease on it and exits so a fresh process takes its place")]
    public static partial void ParameterHung(ILogger logger, long index, string jobId, double limitSeconds, double ranSeconds);

    [LoggerMessage(15, LogLevel.Warning, "Backend still unavailable after {Seconds:F0} s ({Error}); waiting for it, leasing nothing new")]
    public static partial void BackendStillUnavailable(ILogger logger, double seconds, string error);

    [LoggerMessage(16, LogLevel.Information, "Backend answers again after {Seconds:F1} s")]
    public static partial void BackendBack(ILogger logger, double seconds);

    [LoggerMessage(17, LogLevel.Information, "Worker {WorkerId}: handing back {Count} chunks parked while the backend was unreachable")]
    public static partial void HandingBackParked(ILogger logger, string workerId, int count);

    [LoggerMessage(18, LogLevel.Error, "Worker {WorkerId} cannot go on: {Fault}. Its chunks go back with their attempts; no parameter is recorded as failed")]
    public static partial void WorkerFaulted(ILogger logger, string workerId, string fault);

    [LoggerMessage(19, LogLevel.Error, "The {Stage} of this worker failed (failure {Count} of {Max} allowed); restarting it")]
    public static partial void StageFaulted(ILogger logger, string stage, int count, int max, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "Worker {WorkerId} could not leave its fault in the store ({Error}); only this log says why it left")]
    public static partial void FaultNoteLost(ILogger logger, string workerId, string error);

    [LoggerMessage(22, LogLevel.Warning, "Worker {WorkerId} freed {Count} chunks on leaving that its release had not handed back; they run elsewhere now")]
    public static partial void LeftoversFreed(ILogger logger, string workerId, int count);

    [LoggerMessage(23, LogLevel.Information, "Worker {WorkerId} could not end its session ({Error}); the store counts it live until its liveness lapses")]
    public static partial void SessionNotEnded(ILogger logger, string workerId, string error);
}
