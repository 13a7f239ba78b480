using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class ShrinkPolicyTests
{
    [Theory]
    [InlineData(100, 1, 1000, 51)] // 99 s left: keep the done one and 50 more, hand 49 back
    [InlineData(100, 50, 5000, 75)] // 5 s left
    [InlineData(3, 1, 1000, 2)] // two 1 s parameters left: one each
    [InlineData(300, 100, 10_000, 200)]
    [InlineData(10_000, 5000, 1000, 7500)] // 5,000 x 0.2 ms = 1 s left, the least worth sharing
    public void ALongChunk_KeepsWhatIsDone_AndTheFirstHalfOfTheRest(int count, int done, int elapsedMs, int kept)
    {
        Assert.Equal(kept, ShrinkPolicy.Keep(count, done, TimeSpan.FromMilliseconds(elapsedMs)));
    }

    [Theory]
    [InlineData(100, 0, 0)] // nothing measured yet
    [InlineData(100, 99, 99_000)] // one parameter left: nothing to share
    [InlineData(2, 1, 5000)]
    [InlineData(100, 10, 100)] // 90 x 10 ms = 0.9 s left: not worth a second worker
    public void AShortOrUnmeasuredRest_IsKept_Whole(int count, int done, int elapsedMs)
    {
        Assert.Null(ShrinkPolicy.Keep(count, done, TimeSpan.FromMilliseconds(elapsedMs)));
    }

    [Fact]
    public void AfterEachRefusal_AChunkAsksHalfAsOften_UpToEveryTwoSeconds()
    {
        var waits = new List<TimeSpan> { ShrinkPolicy.AskEvery };
        for (var i = 0; i < 4; i++)
        {
            waits.Add(ShrinkPolicy.AfterRefusal(waits[^1]));
        }

        Assert.Equal([0.5, 1, 2, 2, 2], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void ATruncatedBuilder_EncodesTheKeptParametersOnly()
    {
        var builder = new ChunkResultBuilder(100, 10);
        for (var i = 0; i < 6; i++)
        {
            builder.SetResult(i, i * 2.0);
        }

        builder.Truncate(6);
        var completion = builder.Build();
        var decoded = ResultCodec.Decode(new StoredChunk(100, 6, completion.Results)).ToList();

        Assert.Equal((6, 0), (completion.Succeeded, completion.Failed));
        Assert.Equal([100L, 101, 102, 103, 104, 105], decoded.Select(o => o.Index));
        Assert.Equal([0.0, 2, 4, 6, 8, 10], decoded.Select(o => o.Result.Scalar.AsDouble()));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Truncate(7));
    }
}
