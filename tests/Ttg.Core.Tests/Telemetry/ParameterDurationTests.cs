using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Ttg.Core.Tests.Workers;
using Ttg.Telemetry;
using Ttg.Workers;

namespace Ttg.Core.Tests.Telemetry;

/// <summary>
/// The per-parameter histogram, fed by the chunk executor: a computation of known cost (it moves a fake clock on by
/// that much) gives the histogram a known count and sum, and measuring costs nothing when nobody listens.
/// </summary>
public sealed class ParameterDurationTests : IDisposable
{
    private static readonly TimeSpan Cost = TimeSpan.FromMilliseconds(3);
    private readonly Meter _meter = new(TtgMetrics.MeterName);
    private readonly TtgMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<double> _recorded = [];
    private readonly CountingClock _clock = new(new FakeTimeProvider());

    public ParameterDurationTests()
    {
        _metrics = new TtgMetrics(_meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter) && instrument.Name == "ttg.worker.parameter.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_recorded)
            {
                _recorded.Add(value);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task WithATimeLimit_EveryParameterIsTimed()
    {
        var runtime = TestChunks.Runtime(TimeSpan.FromMinutes(1), Costly());

        var completion = await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 50), new ParameterClock(), new WorkerStats(_metrics), _clock, CancellationToken.None);

        Assert.Equal(50, completion.Succeeded);
        Assert.Equal(50, _recorded.Count);
        Assert.All(_recorded, seconds => Assert.Equal(Cost.TotalSeconds, seconds, 9));
        Assert.Equal(50 * Cost.TotalSeconds, _recorded.Sum(), 9);
    }

    [Fact]
    public async Task WithoutATimeLimit_OneSynchronousParameterIn64IsTimed_AtTwoClockReadsEach()
    {
        var runtime = TestChunks.Runtime(null, Costly());
        var stats = new WorkerStats(_metrics);

        // Whatever the random phase, a chunk of 64 has exactly one parameter measured.
        for (var chunk = 0; chunk < 10; chunk++)
        {
            await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, ParameterSampling.OneIn), null, stats, _clock, CancellationToken.None);
        }

        Assert.Equal(10, _recorded.Count);
        Assert.Equal(10 * Cost.TotalSeconds, _recorded.Sum(), 9);
        Assert.Equal(20, _clock.Reads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task AnAsynchronousComputation_HasEveryParameterTimed(int asyncConcurrency)
    {
        var runtime = TestChunks.Runtime(null, Costly(), asyncConcurrency);
        runtime.IsAsync = true;

        var completion = await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 30), null, new WorkerStats(_metrics), _clock, CancellationToken.None);

        Assert.Equal(30, completion.Succeeded);
        Assert.Equal(30, _recorded.Count);
        Assert.Equal(30 * Cost.TotalSeconds, _recorded.Sum(), 9);
    }

    [Fact]
    public async Task NobodyListening_NoParameterIsTimed_AndTheClockIsNotRead()
    {
        using var unheard = new Meter(TtgMetrics.MeterName);
        using var metrics = new TtgMetrics(unheard);
        var runtime = TestChunks.Runtime(null, Costly());

        var completion = await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 100), null, new WorkerStats(metrics), _clock, CancellationToken.None);

        Assert.Equal(100, completion.Succeeded);
        Assert.Empty(_recorded);
        Assert.Equal(0, _clock.Reads);
    }

    /// <summary>A synchronous computation that takes <see cref="Cost"/> on the fake clock.</summary>
    private ComputeAsync Costly() => (p, _) =>
    {
        _clock.Fake.Advance(Cost);
        return ValueTask.FromResult<Result>(p.Index);
    };

    /// <summary>The fake clock, counting how often the code under test reads it.</summary>
    private sealed class CountingClock(FakeTimeProvider fake) : TimeProvider
    {
        private int _reads;

        public FakeTimeProvider Fake => fake;

        public int Reads => Volatile.Read(ref _reads);

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return fake.GetTimestamp();
        }

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();
    }
}
