using Ttg.Jobs;
using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class ChunkExecutorTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task AParameterPastItsTimeLimit_IsCancelled_AndNamedInTheFailure()
    {
        var runtime = TestChunks.Runtime(Limit, async (p, ct) =>
        {
            if (p.Index == 12)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return p.Index;
        });

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => TestChunks.WithinAMinuteAsync(ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(10, 5), new ParameterClock(), null, TimeProvider.System, CancellationToken.None)));

        Assert.Equal(2, failure.Offset);
        Assert.Equal(12, Assert.IsType<ParameterTimeoutException>(failure.Failure).Index);
    }

    [Fact]
    public async Task AParameterThatFinishesLate_Counts_AndTheNextOnesGetAFreshLimit()
    {
        var tokensCancelledAtStart = new List<bool>();
        var runtime = TestChunks.Runtime(Limit, (p, ct) =>
        {
            tokensCancelledAtStart.Add(ct.IsCancellationRequested);
            if (p.Index == 0)
            {
                Thread.Sleep(Limit * 3); // ignores its token
            }

            return ValueTask.FromResult<Result>(p.Index * 2.0);
        });

        var completion = await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 3), new ParameterClock(), null, TimeProvider.System, CancellationToken.None);

        Assert.Equal(3, completion.Succeeded);
        Assert.Equal([0.0, 2.0, 4.0], ResultCodec.Decode(new StoredChunk(0, 3, completion.Results)).Select(o => o.Result.Scalar.AsDouble()));
        Assert.Equal([false, false, false], tokensCancelledAtStart);
    }

    [Fact]
    public async Task AnExceptionFromTheComputation_NamesTheParameterThatRaisedIt()
    {
        var runtime = TestChunks.Runtime(null, (p, _) => p.Index == 7 ? throw new ArithmeticException("bad") : ValueTask.FromResult<Result>(1.0));

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(5, 4), null, null, TimeProvider.System, CancellationToken.None).AsTask());

        Assert.Equal(2, failure.Offset);
        Assert.IsType<ArithmeticException>(failure.Failure);
    }

    [Fact]
    public async Task TheClock_ShowsWhichParameterRuns_OnlyWhileItRuns()
    {
        var clock = new ParameterClock();
        var seen = new List<int?>();
        var runtime = TestChunks.Runtime(Limit, (p, _) =>
        {
            seen.Add(clock.Current?.Offset);
            return ValueTask.FromResult<Result>(1.0);
        });

        await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(20, 3), clock, null, TimeProvider.System, CancellationToken.None);

        Assert.Equal([0, 1, 2], seen);
        Assert.Null(clock.Current);
    }
}
