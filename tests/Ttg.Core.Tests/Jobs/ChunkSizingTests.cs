using Ttg.Jobs;

namespace Ttg.Core.Tests.Jobs;

public sealed class ChunkSizingTests
{
    [Theory]
    [InlineData(1_000_000L, 64, 0L, 7813L)]
    [InlineData(100L, 2, 0L, 25L)]
    [InlineData(30L, 2, 0L, 8L)]
    [InlineData(3L, 2, 0L, 1L)]
    [InlineData(1_000L, 2, 400L, 400L)]
    [InlineData(0L, 4, 0L, 1L)]
    public void FactoringSize_IsHalfASlotsShareOfWhatRemains_AtLeastTheMinimum(long remaining, int slots, long min, long expected) =>
        Assert.Equal(expected, ChunkSizing.FactoringSize(remaining, slots, min));

    [Theory]
    [InlineData(1L)]
    [InlineData(30L)]
    [InlineData(300L)]
    [InlineData(2_000L)]
    [InlineData(200_000L)]
    [InlineData(1_000_000L)]
    [InlineData(123_456_789L)]
    public void Plan_CoversTheJobExactly_AndCountAgrees(long total)
    {
        var sizes = ChunkSizing.Plan(total).ToList();

        Assert.Equal(total, sizes.Sum(s => (long)s));
        Assert.Equal(sizes.Count, ChunkSizing.Count(total));
        Assert.All(sizes, s => Assert.InRange(s, 1, ChunkSizing.MaxChunk));
    }

    [Fact]
    public void Plan_Shrinks_TowardTheEnd()
    {
        var sizes = ChunkSizing.Plan(200_000).ToList();

        Assert.True(sizes.Zip(sizes.Skip(1)).All(p => p.First >= p.Second), "sizes never grow");
        Assert.True(sizes[0] >= 20 * sizes[^1], $"first {sizes[0]}, last {sizes[^1]}");
        Assert.All(sizes.TakeLast(2 * ChunkSizing.AssumedSlots), s => Assert.True(s <= 200_000 / ChunkSizing.MinDivisor));
    }

    [Fact]
    public void Plan_GivesThirtyParameters_OneAChunk() =>
        Assert.Equal(30, ChunkSizing.Count(30)); // 30 x 1 s: two workers share them evenly, not one chunk for one worker

    [Theory]
    [InlineData(200L)]
    [InlineData(300L)]
    public void Plan_GivesSmallJobs_SmallChunks_EndingInSingleParameters(long total)
    {
        // 200 x 100 ms made two chunks of 100 for two workers; now no chunk is over a 64th of the job and the
        // last 64 chunks are single parameters, so the two workers end within one parameter of each other.
        var sizes = ChunkSizing.Plan(total).ToList();

        Assert.All(sizes, s => Assert.True(s <= (total + 63) / 64));
        Assert.All(sizes.TakeLast(64), s => Assert.Equal(1, s));
    }

    [Fact]
    public void Plan_KeepsAMillionTrivialParameters_ToAFewHundredChunks()
    {
        // Per-chunk bookkeeping is tens of microseconds: a few hundred chunks cost milliseconds in all.
        Assert.InRange(ChunkSizing.Count(1_000_000), 100, 600);
        Assert.InRange(ChunkSizing.Count(200_000), 100, 600);
    }

    [Fact]
    public void Plan_OfAHugeJob_IsCountedWithoutWalkingIt_AndUsesTheLargestChunk()
    {
        var total = 50_000_000_000L;

        var count = ChunkSizing.Count(total);

        Assert.Equal(total / ChunkSizing.MaxChunk, count);
        Assert.Equal(ChunkSizing.MaxChunk, ChunkSizing.Plan(total).First());
    }

    [Fact]
    public void AutoPlan_IsTheDefault_AndSubmissionsFollowIt()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 1_000_000 });

        var submission = plan.ToSubmission("j");

        Assert.Equal(JobSpec.AutoChunkSize, plan.Spec.ChunkSize);
        Assert.Equal(ChunkSizing.Count(1_000_000), submission.ChunkCount);
        Assert.Equal(ChunkSizing.Plan(1_000_000), submission.Chunks.Select(c => c.Count));
        Assert.Equal(plan.ChunkCount, JobPlan.FromStoredJson(plan.ToStoredJson()).ChunkCount);
    }
}
