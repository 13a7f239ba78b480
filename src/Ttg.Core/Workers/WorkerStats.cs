using Ttg.Telemetry;

namespace Ttg.Workers;

/// <summary>
/// Live counters of one worker, read by health checks and the final report, and the one place the worker's
/// events reach the <see cref="TtgMetrics"/> instruments (so a metric can never disagree with the report).
/// Thread-safe.
/// </summary>
public sealed class WorkerStats
{
    private readonly TtgMetrics _metrics;
    private long _chunksCompleted;
    private long _parametersSucceeded;
    private long _parametersFailed;
    private long _parametersReused;
    private long _retries;
    private long _splits;
    private long _leasesLost;
    private long _reclaimed;
    private long _released;
    private long _inFlight;

    /// <summary>Counters that record into the process-wide <see cref="TtgMetrics.Shared"/> instruments.</summary>
    public WorkerStats()
        : this(TtgMetrics.Shared)
    {
    }

    internal WorkerStats(TtgMetrics metrics) => _metrics = metrics;

    /// <summary>Chunks completed.</summary>
    public long ChunksCompleted => Interlocked.Read(ref _chunksCompleted);

    /// <summary>Parameters succeeded.</summary>
    public long ParametersSucceeded => Interlocked.Read(ref _parametersSucceeded);

    /// <summary>Parameters recorded as failed.</summary>
    public long ParametersFailed => Interlocked.Read(ref _parametersFailed);

    /// <summary>Parameters answered from an earlier result instead of computed.</summary>
    public long ParametersReused => Interlocked.Read(ref _parametersReused);

    /// <summary>Chunk attempts that failed and were retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Exhausted chunks split in two to isolate a poison parameter.</summary>
    public long Splits => Interlocked.Read(ref _splits);

    /// <summary>Leases this worker lost (expired and reclaimed by another worker) before completing.</summary>
    public long LeasesLost => Interlocked.Read(ref _leasesLost);

    /// <summary>Chunks this worker leased after their previous holder died or lapsed.</summary>
    public long ChunksReclaimed => Interlocked.Read(ref _reclaimed);

    /// <summary>Chunks handed back unfinished at shutdown.</summary>
    public long ChunksReleased => Interlocked.Read(ref _released);

    /// <summary>Chunks in flight (leased and not yet completed or released).</summary>
    public int InFlight
    {
        get => (int)Interlocked.Read(ref _inFlight);
        internal set
        {
            // Set from more than one loop: the exchange makes each change reach the gauge exactly once.
            var before = Interlocked.Exchange(ref _inFlight, value);
            if (value != before)
            {
                _metrics.InFlight.Add(value - before);
            }
        }
    }


    /// <summary>True while the worker loop runs.</summary>
    public bool Running { get; internal set; }

    internal void Completed(int succeeded, int failed)
    {
        Interlocked.Increment(ref _chunksCompleted);
        Interlocked.Add(ref _parametersSucceeded, succeeded);
        Interlocked.Add(ref _parametersFailed, failed);
        _metrics.ChunksCompleted.Add(1);
        _metrics.ParametersSucceeded.Add(succeeded);
        _metrics.ParametersFailed.Add(failed);
    }

    internal void Reused(int count)
    {
        Interlocked.Add(ref _parametersReused, count);
        _metrics.ParametersReused.Add(count);
    }

    internal void Retried()
    {
        Interlocked.Increment(ref _retries);
        _metrics.Retries.Add(1);
    }

    internal void Split()
    {
        Interlocked.Increment(ref _splits);
        _metrics.Splits.Add(1);
    }

    internal void LeaseLost()
    {
        Interlocked.Increment(ref _leasesLost);
        _metrics.LeasesLost.Add(1);
    }

    internal void Reclaimed(int count)
    {
        Interlocked.Add(ref _reclaimed, count);
        _metrics.Reclaims.Add(count);
    }

    internal void Released(int count)
    {
        Interlocked.Add(ref _released, count);
        _metrics.Released.Add(count);
    }


    /// <summary>One chunk's computation took <paramref name="elapsed"/> (all its parameters, not its round trips).</summary>
    internal void ChunkComputed(TimeSpan elapsed) => _metrics.ChunkCompute.Record(elapsed.TotalSeconds);

    /// <summary>One parameter's computation took <paramref name="elapsed"/> (which parameters are measured: <see cref="ParameterSampling"/>).</summary>
    internal void ParameterComputed(TimeSpan elapsed) => _metrics.ParameterCompute.Record(elapsed.TotalSeconds);

    /// <summary>True while an exporter or listener takes the per-parameter histogram: otherwise no parameter is timed at all.</summary>
    internal bool TimesParameters => _metrics.ParameterCompute.Enabled;

    /// <summary>One lease request took <paramref name="elapsed"/> from asking to answer.</summary>
    internal void LeaseRoundTrip(TimeSpan elapsed) => _metrics.LeaseRoundTrip.Record(elapsed.TotalSeconds);

    /// <summary>One batch of completions took <paramref name="elapsed"/> from sending to answer.</summary>
    internal void CompletionRoundTrip(TimeSpan elapsed) => _metrics.CompletionRoundTrip.Record(elapsed.TotalSeconds);

    /// <summary>A leased chunk waited <paramref name="elapsed"/> in this worker before its computation started.</summary>
    internal void ChunkWaited(TimeSpan elapsed) => _metrics.QueueWait.Record(elapsed.TotalSeconds);

    internal WorkerReport ToReport() => new(
        ChunksCompleted, ParametersSucceeded, ParametersFailed,
        Interlocked.Read(ref _retries), Interlocked.Read(ref _splits), Interlocked.Read(ref _leasesLost), Interlocked.Read(ref _released));
}
