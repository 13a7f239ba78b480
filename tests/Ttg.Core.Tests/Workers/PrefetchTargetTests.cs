using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class PrefetchTargetTests
{
    [Fact]
    public void NothingIsQueued_BeforeAChunkIsMeasured()
    {
        var target = new PrefetchTarget(concurrency: 2, fixedPrefetch: null);

        Assert.Equal(0, target.Prefetch);
        Assert.Equal(2, target.Capacity);
    }

    [Fact]
    public void LongChunks_AreNeverQueuedAhead()
    {
        var target = new PrefetchTarget(2, null);

        target.Observe(TimeSpan.FromSeconds(1));

        Assert.Equal(0, target.Prefetch);
    }

    [Fact]
    public void FastChunks_QueueEnoughToCoverTheWindow()
    {
        var target = new PrefetchTarget(2, null);

        target.Observe(TimeSpan.FromMilliseconds(1));

        Assert.Equal(40, target.Prefetch); // 2 slots x 20 ms / 1 ms
    }

    [Fact]
    public void ChunksLongerThanTheirShareOfTheWindow_AreNotQueued()
    {
        var target = new PrefetchTarget(2, null);

        target.Observe(TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, target.Prefetch); // 2 x 20 ms / 100 ms rounds to none
    }

    [Fact]
    public void AFixedPrefetch_IsKept() => Assert.Equal(3, new PrefetchTarget(2, 3).Prefetch);
}
