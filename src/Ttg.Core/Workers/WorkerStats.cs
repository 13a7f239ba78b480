namespace Ttg.Workers;

/// <summary>Live counters of one worker, read by health checks, metrics and the final report. Thread-safe.</summary>
public sealed class WorkerStats
{
    private long _chunksCompleted;
    private long _parametersSucceeded;
    private long _parametersFailed;
    private long _retries;
    private long _splits;
    private long _leasesLost;
    private long _released;
    private long _lastBackendContactTicks;

    /// <summary>Chunks completed.</summary>
    public long ChunksCompleted => Interlocked.Read(ref _chunksCompleted);

    /// <summary>Parameters succeeded.</summary>
    public long ParametersSucceeded => Interlocked.Read(ref _parametersSucceeded);

    /// <summary>Parameters recorded as failed.</summary>
    public long ParametersFailed => Interlocked.Read(ref _parametersFailed);

    /// <summary>Chunk attempts that failed and were retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Exhausted chunks split in two to isolate a poison parameter.</summary>
    public long Splits => Interlocked.Read(ref _splits);

    /// <summary>Leases this worker lost (expired and reclaimed by another worker) before completing.</summary>
    public long LeasesLost => Interlocked.Read(ref _leasesLost);

    /// <summary>Chunks handed back unfinished at shutdown.</summary>
    public long ChunksReleased => Interlocked.Read(ref _released);

    /// <summary>Chunks in flight (leased and not yet completed or released).</summary>
    public int InFlight { get; internal set; }

    /// <summary>When the backend last answered, as <see cref="TimeProvider.GetTimestamp"/> ticks; 0 before the first answer.</summary>
    public long LastBackendContact => Interlocked.Read(ref _lastBackendContactTicks);

    /// <summary>True while the worker loop runs.</summary>
    public bool Running { get; internal set; }

    internal void Completed(int succeeded, int failed)
    {
        Interlocked.Increment(ref _chunksCompleted);
        Interlocked.Add(ref _parametersSucceeded, succeeded);
        Interlocked.Add(ref _parametersFailed, failed);
    }

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void Split() => Interlocked.Increment(ref _splits);

    internal void LeaseLost() => Interlocked.Increment(ref _leasesLost);

    internal void Released(int count) => Interlocked.Add(ref _released, count);

    internal void BackendAnswered(long timestamp) => Interlocked.Exchange(ref _lastBackendContactTicks, timestamp);

    internal WorkerReport ToReport() => new(
        ChunksCompleted, ParametersSucceeded, ParametersFailed,
        Interlocked.Read(ref _retries), Interlocked.Read(ref _splits), Interlocked.Read(ref _leasesLost), Interlocked.Read(ref _released));
}
