using Ttg.Progress;

namespace Ttg.Core.Tests.Progress;

public sealed class PaceEstimatorTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void ShownRate_StaysWithinTenPercent_OverTenReads_OfASteadyJob()
    {
        // Two workers of two slots, chunks of 100 parameters taking 2 s a slot: 200 parameters/s in lumps.
        var log = new PaceLog();
        var schedule = PaceLog.Steady("w1", 2, 100, TimeSpan.FromSeconds(2), TimeSpan.Zero, Minute)
            .Concat(PaceLog.Steady("w2", 2, 100, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300), Minute)).ToList();

        for (var read = 0; read < 10; read++)
        {
            log.RunUntil(TimeSpan.FromSeconds(12) + read * TimeSpan.FromMilliseconds(1300), schedule);
            var estimate = EtaModel.Estimate(log.Progress(1_000_000));
            Assert.InRange(estimate.Rate!.Value, 180, 220);
        }
    }

    [Fact]
    public void ShownRate_StaysWithinTenPercent_WhenChunksFinishInPairs()
    {
        // One worker whose two slots finish together every 5 s (one batch each, 1 ms apart): 40 parameters/s.
        var log = new PaceLog();
        var schedule = Enumerable.Range(1, 20).SelectMany(k => new[]
        {
            (TimeSpan.FromSeconds(5 * k), "w1", 100L),
            (TimeSpan.FromSeconds(5 * k) + TimeSpan.FromMilliseconds(1), "w1", 100L),
        }).ToList();

        for (var read = 0; read < 10; read++)
        {
            log.RunUntil(TimeSpan.FromSeconds(31) + read * TimeSpan.FromMilliseconds(900), schedule);
            Assert.InRange(EtaModel.Estimate(log.Progress(1_000_000)).Rate!.Value, 36, 44);
        }
    }

    [Fact]
    public void Pace_Falls_WhenAWorkerStopsCompleting()
    {
        var log = new PaceLog();
        var schedule = PaceLog.Steady("w1", 1, 10, TimeSpan.FromMilliseconds(100), TimeSpan.Zero, TimeSpan.FromSeconds(10)).ToList();
        log.RunUntil(TimeSpan.FromSeconds(10), schedule);
        var running = PaceEstimator.Measure(log.Pace())["w1"].PerSecond;

        log.RunUntil(TimeSpan.FromSeconds(15), schedule);
        var stopped = PaceEstimator.Measure(log.Pace())["w1"].PerSecond;

        Assert.InRange(running, 95, 105);
        Assert.True(stopped < running * 0.8, $"a silent worker's pace should fall: {running} then {stopped}");
    }

    [Fact]
    public void Pace_IsUnknown_BeforeAWorkersSecondCompletion()
    {
        var log = new PaceLog();
        log.Complete("w1", 100);
        log.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(PaceEstimator.Measure(log.Pace()));
        Assert.Equal("measuring", EtaModel.Estimate(log.Progress(1000)).Missing);
    }
}
