using System.Diagnostics.Metrics;

namespace Ttg.Telemetry;

/// <summary>
/// The worker's instruments, defined once: every exporter (Prometheus, OTLP, dotnet-counters) reads them from the
/// <see cref="MeterName"/> meter. Names follow OpenTelemetry's dotted style with units, so a Prometheus exporter
/// writes them as <c>ttg_worker_parameters_succeeded_total</c> or <c>ttg_worker_chunk_compute_duration_seconds</c>.
/// Only <see cref="Workers.WorkerStats"/> records into them.
/// </summary>
public sealed class TtgMetrics : IDisposable
{
    /// <summary>The meter's name, "Ttg.Worker": what an exporter subscribes to.</summary>
    public const string MeterName = "Ttg.Worker";

    // Seconds, from a tenth of a millisecond (a tiny chunk or a local round trip) to ten minutes (a slow chunk).
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter of their own (tests pass a private one; the process uses <see cref="Shared"/>).</summary>
    internal TtgMetrics(Meter meter)
    {
        _meter = meter;
        ParametersSucceeded = meter.CreateCounter<long>("ttg.worker.parameters.succeeded", "{parameter}", "Parameters this worker recorded with a result");
        ParametersFailed = meter.CreateCounter<long>("ttg.worker.parameters.failed", "{parameter}", "Parameters this worker recorded as failed");
        ParametersReused = meter.CreateCounter<long>("ttg.worker.parameters.reused", "{parameter}", "Parameters answered from an earlier result instead of computed");
        ChunksCompleted = meter.CreateCounter<long>("ttg.worker.chunks.completed", "{chunk}", "Chunks this worker completed and the store accepted");
        Retries = meter.CreateCounter<long>("ttg.worker.chunk.retries", "{chunk}", "Chunk attempts that failed and were retried");
        Splits = meter.CreateCounter<long>("ttg.worker.chunk.splits", "{chunk}", "Exhausted chunks split to isolate a poison parameter");
        LeasesLost = meter.CreateCounter<long>("ttg.worker.leases.lost", "{chunk}", "Leases lost to expiry or reclaim before the chunk was completed");
        Reclaims = meter.CreateCounter<long>("ttg.worker.chunks.reclaimed", "{chunk}", "Chunks this worker leased after their previous holder died or lapsed");
        Released = meter.CreateCounter<long>("ttg.worker.chunks.released", "{chunk}", "Chunks handed back unfinished (at shutdown or when the worker cannot compute)");
        InFlight = meter.CreateUpDownCounter<long>("ttg.worker.chunks.in_flight", "{chunk}", "Chunks leased and not yet completed or released");
        ChunkCompute = Seconds(meter, "ttg.worker.chunk.compute.duration", "Time to compute every parameter of one chunk");
        ParameterCompute = Seconds(meter, "ttg.worker.parameter.duration", "Time to compute one parameter (every one with a time limit or an asynchronous computation, else one in 64)");
        LeaseRoundTrip = Seconds(meter, "ttg.worker.lease.duration", "Round trip of one lease request to the store");
        CompletionRoundTrip = Seconds(meter, "ttg.worker.completion.duration", "Round trip of one batch of completions to the store");
        QueueWait = Seconds(meter, "ttg.worker.chunk.queue_wait", "Time a leased chunk waited in this worker before its computation started");
    }

    /// <summary>The process-wide instruments every worker of this process records into.</summary>
    public static TtgMetrics Shared { get; } = new(new Meter(MeterName, typeof(TtgMetrics).Assembly.GetName().Version?.ToString()));

    internal Counter<long> ParametersSucceeded { get; }

    internal Counter<long> ParametersFailed { get; }

    internal Counter<long> ParametersReused { get; }

    internal Counter<long> ChunksCompleted { get; }

    internal Counter<long> Retries { get; }

    internal Counter<long> Splits { get; }

    internal Counter<long> LeasesLost { get; }

    internal Counter<long> Reclaims { get; }

    internal Counter<long> Released { get; }

    internal UpDownCounter<long> InFlight { get; }

    internal Histogram<double> ChunkCompute { get; }

    internal Histogram<double> ParameterCompute { get; }

    internal Histogram<double> LeaseRoundTrip { get; }

    internal Histogram<double> CompletionRoundTrip { get; }

    internal Histogram<double> QueueWait { get; }

    /// <summary>
    /// Adds 0 to every counter, so that an exporter listening now writes each at 0 before its first event: a
    /// <c>rate()</c> or <c>increase()</c> over a series that appears only at its first retry misses that retry.
    /// Call once the exporter listens (measurements made before then reach no one).
    /// </summary>
    public void PublishZeros()
    {
        foreach (var counter in new[] { ParametersSucceeded, ParametersFailed, ParametersReused, ChunksCompleted, Retries, Splits, LeasesLost, Reclaims, Released })
        {
            counter.Add(0);
        }

        InFlight.Add(0);
    }

    /// <summary>Disposes the meter (only private ones: <see cref="Shared"/> lives as long as the process).</summary>
    public void Dispose()
    {
        if (!ReferenceEquals(this, Shared))
        {
            _meter.Dispose();
        }
    }

    private static Histogram<double> Seconds(Meter meter, string name, string description) =>
        meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
