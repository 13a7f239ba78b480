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
        var runtime = Runtime(Limit, async (p, ct) =>
        {
            if (p.Index == 12)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return p.Index;
        });

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => ChunkExecutor.ComputeAsync(runtime, Lease(10, 5), new ParameterClock(), TimeProvider.System, CancellationToken.None).AsTask());

        Assert.Equal(2, failure.Offset);
        Assert.Equal(12, Assert.IsType<ParameterTimeoutException>(failure.Failure).Index);
    }

    [Fact]
    public async Task AParameterThatFinishesLate_Counts_AndTheNextOnesGetAFreshLimit()
    {
        var tokensCancelledAtStart = new List<bool>();
        var runtime = Runtime(Limit, (p, ct) =>
        {
            tokensCancelledAtStart.Add(ct.IsCancellationRequested);
            if (p.Index == 0)
            {
                Thread.Sleep(Limit * 3); // ignores its token
            }

            return ValueTask.FromResult<Result>(p.Index * 2.0);
        });

        var completion = await ChunkExecutor.ComputeAsync(runtime, Lease(0, 3), new ParameterClock(), TimeProvider.System, CancellationToken.None);

        Assert.Equal(3, completion.Succeeded);
        Assert.Equal([0.0, 2.0, 4.0], ResultCodec.Decode(new StoredChunk(0, 3, completion.Results)).Select(o => o.Result.Scalar.AsDouble()));
        Assert.Equal([false, false, false], tokensCancelledAtStart);
    }

    [Fact]
    public async Task AnExceptionFromTheComputation_NamesTheParameterThatRaisedIt()
    {
        var runtime = Runtime(null, (p, _) => p.Index == 7 ? throw new ArithmeticException("bad") : ValueTask.FromResult<Result>(1.0));

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => ChunkExecutor.ComputeAsync(runtime, Lease(5, 4), null, TimeProvider.System, CancellationToken.None).AsTask());

        Assert.Equal(2, failure.Offset);
        Assert.IsType<ArithmeticException>(failure.Failure);
    }

    [Fact]
    public async Task TheClock_ShowsWhichParameterRuns_OnlyWhileItRuns()
    {
        var clock = new ParameterClock();
        var seen = new List<int?>();
        var runtime = Runtime(Limit, (p, _) =>
        {
            seen.Add(clock.Current?.Offset);
            return ValueTask.FromResult<Result>(1.0);
        });

        await ChunkExecutor.ComputeAsync(runtime, Lease(20, 3), clock, TimeProvider.System, CancellationToken.None);

        Assert.Equal([0, 1, 2], seen);
        Assert.Null(clock.Current);
    }

    private static JobRuntime Runtime(TimeSpan? timeout, ComputeAsync compute)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 100, Timeout = timeout });
        var job = new JobInfo
        {
            JobId = "job",
            Name = "job",
            Computation = "square",
            TotalParameters = 100,
            ChunkCount = plan.ChunkCount,
            Lease = TimeSpan.FromSeconds(5),
            MaxAttempts = 3,
            SpecJson = plan.ToStoredJson(),
            CreatedAt = DateTimeOffset.UnixEpoch,
            State = JobState.Running,
        };
        return new JobRuntime(job, plan, compute);
    }

    private static ChunkLease Lease(long start, int count) => new()
    {
        JobId = "job",
        ChunkId = "1",
        Start = start,
        Count = count,
        Attempt = 1,
        WorkerId = "w",
        Token = "t",
    };
}
