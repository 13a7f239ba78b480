using Ttg.Progress;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Progress;

public sealed class EtaModelTests
{
    private static PaceLog TwoWorkersAt100PerSecond()
    {
        var log = new PaceLog();
        var schedule = PaceLog.Steady("w1", 1, 100, TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(20))
            .Concat(PaceLog.Steady("w2", 1, 100, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20)));
        log.RunUntil(TimeSpan.FromSeconds(20.6), schedule);
        return log;
    }

    [Fact]
    public void Eta_IsRemainingOverTheLiveWorkersThroughput()
    {
        var log = TwoWorkersAt100PerSecond();
        var progress = log.Progress(log.Done + 10_000);

        var estimate = EtaModel.Estimate(progress);

        Assert.Equal(2, estimate.LiveWorkers);
        Assert.InRange(estimate.Rate!.Value, 190, 210);
        Assert.InRange(estimate.Eta!.Value.TotalSeconds, 47.5, 52.5);
        Assert.InRange(estimate.PerWorkerRate!.Value, 95, 105);
        Assert.Null(estimate.Missing);
    }

    [Fact]
    public void Eta_CountsALiveButUnmeasuredWorker_AtTheMeanPace()
    {
        var log = TwoWorkersAt100PerSecond();

        var estimate = EtaModel.Estimate(log.Progress(log.Done + 9_000), ["w1", "w2", "w3"]);

        Assert.Equal(3, estimate.LiveWorkers);
        Assert.InRange(estimate.Eta!.Value.TotalSeconds, 28.5, 31.5);
    }

    [Fact]
    public void Eta_DropsAWorkerWhoseSessionLapsed_AtOnce()
    {
        var log = TwoWorkersAt100PerSecond();

        var estimate = EtaModel.Estimate(log.Progress(log.Done + 10_000), ["w1"]);

        Assert.Equal(1, estimate.LiveWorkers);
        Assert.InRange(estimate.Rate!.Value, 95, 105);
        Assert.InRange(estimate.Eta!.Value.TotalSeconds, 95, 105);
    }

    [Theory]
    [InlineData(JobState.Cancelled, "cancelled")]
    [InlineData(JobState.Paused, "paused")]
    [InlineData(JobState.Completed, "finished")]
    public void NoRateOrEta_ForAJobThatIsNotRunning(JobState state, string reason)
    {
        var log = TwoWorkersAt100PerSecond();

        var estimate = EtaModel.Estimate(log.Progress(log.Done + 10_000, state));

        Assert.Null(estimate.Rate);
        Assert.Null(estimate.Eta);
        Assert.Equal(reason, estimate.Missing);
        Assert.Equal(reason, estimate.EtaText);
    }

    [Fact]
    public void NoLiveWorkers_WhenEveryWorkerFellSilent_AndNothingIsLeased()
    {
        var log = TwoWorkersAt100PerSecond();
        log.Time.Advance(TimeSpan.FromSeconds(15));

        var estimate = EtaModel.Estimate(log.Progress(log.Done + 10_000, leased: 0));

        Assert.Null(estimate.Eta);
        Assert.Null(estimate.Rate);
        Assert.Equal("no live workers", estimate.Missing);
    }

    [Fact]
    public void NoLiveWorkers_WhenTheStoreListsNone()
    {
        var log = TwoWorkersAt100PerSecond();

        Assert.Equal("no live workers", EtaModel.Estimate(log.Progress(log.Done + 10_000), []).Missing);
    }

    [Fact]
    public void NoLiveWorkers_ForAJobNoWorkerStarted()
    {
        var log = new PaceLog();

        Assert.Equal("no live workers", EtaModel.Estimate(log.Progress(1000, leased: 0)).EtaText);
    }
}
