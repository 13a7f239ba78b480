using Microsoft.Extensions.Time.Testing;
using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class RateEstimatorTests
{
    [Fact]
    public void Add_MeasuresTheRateOverTheWindow_AndForgetsOlderSamples()
    {
        var time = new FakeTimeProvider();
        var rate = new RateEstimator(time, TimeSpan.FromSeconds(5));

        rate.Add(0);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1000, rate.Add(1000), 3);

        // A slow stretch longer than the window: only it counts now.
        for (var i = 1; i <= 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            rate.Add(1000 + (i * 10));
        }

        Assert.Equal(10, rate.Add(1100), 0);
    }

    [Fact]
    public void Eta_IsUnknown_AtRateZero() => Assert.Null(RateEstimator.Eta(100, 0));

    [Fact]
    public void Eta_IsRemainingOverRate() => Assert.Equal(TimeSpan.FromSeconds(4), RateEstimator.Eta(400, 100));
}
