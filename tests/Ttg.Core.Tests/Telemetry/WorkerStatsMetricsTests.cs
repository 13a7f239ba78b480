using System.Diagnostics.Metrics;
using Ttg.Telemetry;
using Ttg.Workers;

namespace Ttg.Core.Tests.Telemetry;

/// <summary>WorkerStats is the one feed of the worker's instruments: every event reaches its metric exactly once.</summary>
public sealed class WorkerStatsMetricsTests : IDisposable
{
    private readonly Meter _meter = new(TtgMetrics.MeterName);
    private readonly TtgMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _sums = [];
    private readonly Dictionary<string, List<double>> _recorded = [];

    public WorkerStatsMetricsTests()
    {
        _metrics = new TtgMetrics(_meter);
        // Only this test's private meter: other tests' workers record into the shared one meanwhile.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Completed_CountsTheChunkAndItsParameters_InTheReportAndTheMeter()
    {
        var stats = new WorkerStats(_metrics);

        stats.Completed(succeeded: 9, failed: 1);
        stats.Completed(succeeded: 10, failed: 0);

        Assert.Equal(2, Sum("ttg.worker.chunks.completed"));
        Assert.Equal(19, Sum("ttg.worker.parameters.succeeded"));
        Assert.Equal(1, Sum("ttg.worker.parameters.failed"));
        var report = stats.ToReport();
        Assert.Equal(19, report.ParametersSucceeded);
        Assert.Equal(2, report.ChunksCompleted);
    }

    [Fact]
    public void EachEvent_ReachesItsOwnCounter()
    {
        var stats = new WorkerStats(_metrics);

        stats.Retried();
        stats.Retried();
        stats.Split();
        stats.LeaseLost();
        stats.Released(3);
        stats.Reclaimed(2);
        stats.Reused(5);

        Assert.Equal(2, Sum("ttg.worker.chunk.retries"));
        Assert.Equal(1, Sum("ttg.worker.chunk.splits"));
        Assert.Equal(1, Sum("ttg.worker.leases.lost"));
        Assert.Equal(3, Sum("ttg.worker.chunks.released"));
        Assert.Equal(2, Sum("ttg.worker.chunks.reclaimed"));
        Assert.Equal(5, Sum("ttg.worker.parameters.reused"));
        Assert.Equal((2, 1, 1, 3), (stats.Retries, stats.Splits, stats.LeasesLost, stats.ChunksReleased));
    }

    [Fact]
    public void InFlight_GaugeFollowsTheLastValueSet_FromAnyThread()
    {
        var stats = new WorkerStats(_metrics);

        Parallel.For(0, 1000, i => stats.InFlight = i % 7);
        stats.InFlight = 4;

        // The up-down counter adds each change once, so its sum is the value last set.
        Assert.Equal(4, Sum("ttg.worker.chunks.in_flight"));
        Assert.Equal(4, stats.InFlight);
    }

    [Fact]
    public void Durations_AreRecordedInSeconds()
    {
        var stats = new WorkerStats(_metrics);

        stats.ChunkComputed(TimeSpan.FromMilliseconds(250));
        stats.ParameterComputed(TimeSpan.FromMilliseconds(2));
        stats.LeaseRoundTrip(TimeSpan.FromMilliseconds(3));
        stats.CompletionRoundTrip(TimeSpan.FromSeconds(1.5));
        stats.ChunkWaited(TimeSpan.FromSeconds(4));

        Assert.Equal([0.25], _recorded["ttg.worker.chunk.compute.duration"]);
        Assert.Equal([0.002], _recorded["ttg.worker.parameter.duration"]);
        Assert.Equal([0.003], _recorded["ttg.worker.lease.duration"]);
        Assert.Equal([1.5], _recorded["ttg.worker.completion.duration"]);
        Assert.Equal([4.0], _recorded["ttg.worker.chunk.queue_wait"]);
    }

    [Fact]
    public void PublishZeros_MakesEveryCounterAppear_WithoutCountingAnything()
    {
        _metrics.PublishZeros();

        Assert.All(new[] { "succeeded", "failed", "reused" }, s => Assert.Equal(0, Sum($"ttg.worker.parameters.{s}")));
        Assert.Equal(0, Sum("ttg.worker.chunk.retries"));
        Assert.Equal(0, Sum("ttg.worker.chunks.in_flight"));
        Assert.Equal(10, _recorded.Count);
    }

    private double Sum(string name) => _sums.TryGetValue(name, out var sum) ? sum : throw new InvalidOperationException($"{name} recorded nothing");

    private void Add(string name, double value)
    {
        lock (_sums)
        {
            _sums[name] = _sums.GetValueOrDefault(name) + value;
            if (!_recorded.TryGetValue(name, out var list))
            {
                _recorded[name] = list = [];
            }

            list.Add(value);
        }
    }
}
