namespace Ttg.Workers;

/// <summary>How a worker leases, computes and stops. Every default is stated on its property.</summary>
public sealed class WorkerOptions
{
    /// <summary>The worker's unique id, used to hold leases and in per-worker counts. Default: host name, process id and a random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x1000, 0xFFFF):x4}";

    /// <summary>Chunks computed at once. Default: the number of cores.</summary>
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Chunks leased ahead of the ones being computed, so computing never waits on a round trip. Default: adaptive,
    /// enough chunks for about 20 ms of computing at the measured pace, at least <see cref="Concurrency"/> and at most 1024.
    /// </summary>
    public int? Prefetch { get; set; }

    /// <summary>Leave when no job this worker serves has chunks pending or leased. Default: false (keep polling for new jobs).</summary>
    public bool ExitWhenIdle { get; set; }

    /// <summary>When set, serve only these jobs, and (with <see cref="ExitWhenIdle"/>) leave once they are finished. Default: every job.</summary>
    public IReadOnlyCollection<string>? JobIds { get; set; }

    /// <summary>After a stop is requested, how long running chunks may take to finish before they are cancelled and released. Default: 25 seconds.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long this worker may go unheard before other workers presume it dead and take over its chunks; it
    /// heartbeats every quarter of this. Zero turns sessions off: chunks then come back only when each lease
    /// expires. Default: 2 seconds.
    /// </summary>
    public TimeSpan Liveness { get; set; } = DefaultLiveness;

    /// <summary>The default <see cref="Liveness"/>: well under the default 5 s lease, with three missed heartbeats of slack.</summary>
    public static readonly TimeSpan DefaultLiveness = TimeSpan.FromSeconds(2);

    /// <summary>The shortest positive <see cref="Liveness"/>: below it, heartbeats would load the backend and a busy machine would look dead.</summary>
    public static readonly TimeSpan MinLiveness = TimeSpan.FromMilliseconds(200);

    /// <summary>Log a progress line every this many parameters (the seed's BATCH_SIZE). Default: 500.</summary>
    public int ProgressEvery { get; set; } = 500;

    /// <summary>Longest pause between lease attempts while there is nothing to lease. Default: 200 ms.</summary>
    public TimeSpan MaxIdlePoll { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First retry delay of a failed chunk; doubles per attempt. Default: 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay of a failed chunk. Default: 10 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options and names the first bad one.</summary>
    /// <exception cref="InvalidWorkerOptionException">An option is out of range; it names the property.</exception>
    public void Validate()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new InvalidWorkerOptionException(nameof(WorkerId), "is empty", null);
        }

        if (Concurrency < 1)
        {
            throw new InvalidWorkerOptionException(nameof(Concurrency), $"must be at least 1 (got {Concurrency})", Environment.ProcessorCount.ToString(invariant));
        }

        if (Prefetch is < 0)
        {
            throw new InvalidWorkerOptionException(nameof(Prefetch), $"must be 0 or more (got {Prefetch})", null);
        }

        if (GracePeriod < TimeSpan.Zero)
        {
            throw new InvalidWorkerOptionException(nameof(GracePeriod), $"must be 0 or more seconds (got {GracePeriod.TotalSeconds.ToString(invariant)})", "25");
        }

        if (Liveness < TimeSpan.Zero || (Liveness > TimeSpan.Zero && Liveness < MinLiveness))
        {
            throw new InvalidWorkerOptionException(nameof(Liveness), $"must be 0 (leases alone) or at least {MinLiveness.TotalSeconds.ToString(invariant)} seconds (got {Liveness.TotalSeconds.ToString(invariant)})", "2");
        }

        if (ProgressEvery < 1)
        {
            throw new InvalidWorkerOptionException(nameof(ProgressEvery), $"must be at least 1 (got {ProgressEvery})", "500");
        }
    }
}
