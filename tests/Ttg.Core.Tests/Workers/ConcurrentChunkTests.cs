using Ttg.Jobs;
using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

/// <summary>Asynchronous computations keep up to the job's async concurrency of a chunk's parameters in flight.</summary>
public sealed class ConcurrentChunkTests
{
    [Fact]
    public async Task AnAsyncComputation_KeepsUpToTheLimitInFlight_AndEveryResultLandsAtItsOffset()
    {
        var inFlight = 0;
        var most = 0;
        var runtime = TestChunks.Runtime(null, asyncConcurrency: 8, compute: async (p, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref inFlight);
            return p.Index * 2.0;
        });

        // The first chunk learns that the computation is asynchronous; the second runs concurrently from its start.
        await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 40), null, null, TimeProvider.System, CancellationToken.None);
        var completion = await ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(40, 40), null, null, TimeProvider.System, CancellationToken.None);

        Assert.True(runtime.IsAsync);
        Assert.Equal(8, most);
        Assert.Equal(Enumerable.Range(40, 40).Select(i => i * 2.0), ResultCodec.Decode(new StoredChunk(40, 40, completion.Results)).Select(o => o.Result.Scalar.AsDouble()));
    }

    [Fact]
    public async Task AFailingParameter_IsNamed_AndTheOthersInFlightAreCancelled()
    {
        var cancelled = 0;
        var runtime = TestChunks.Runtime(null, asyncConcurrency: 16, compute: async (p, ct) =>
        {
            if (p.Index == 13)
            {
                await Task.Delay(20, CancellationToken.None);
                throw new ArithmeticException("bad 13");
            }

            try
            {
                await Task.Delay(p.Index < 13 ? 1 : 10_000, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            return 1.0;
        });
        runtime.IsAsync = true;

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 30), null, null, TimeProvider.System, CancellationToken.None).AsTask());

        Assert.Equal(13, failure.Offset);
        Assert.IsType<ArithmeticException>(failure.Failure);
        Assert.True(cancelled > 0, "parameters waiting behind the failure should have been cancelled");
    }

    [Fact]
    public async Task AParameterPastItsOwnLimit_FailsAsATimeout_AndTheClockFollowsTheOldestRunning()
    {
        var clock = new ParameterClock();
        // The others return at once: one that waited on a timer could itself overrun the limit on a loaded host (a
        // CI run saw parameter 0 named) and be rightly reported first.
        var runtime = TestChunks.Runtime(TimeSpan.FromSeconds(1), asyncConcurrency: 4, compute: async (p, ct) =>
        {
            if (p.Index == 5)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return 1.0;
        });
        runtime.IsAsync = true;

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => TestChunks.WithinAMinuteAsync(ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 20), clock, null, TimeProvider.System, CancellationToken.None)));

        Assert.Equal(5, failure.Offset);
        Assert.Equal(5, Assert.IsType<ParameterTimeoutException>(failure.Failure).Index);
        Assert.Null(clock.Current);
    }

    [Fact]
    public async Task AnOlderParameterPastItsLimit_IsNamed_WhenAYoungerOnesTimerFiredFirst()
    {
        // Late timers on a busy host can fire in any order: here the younger parameter 11 is cancelled first, and only
        // then does parameter 5, past its limit for longer, give up. The failure names 5, the first that overran.
        // The others return at once: one that waited on a timer could overrun the limit on a loaded host, end the
        // chunk before 11 started, and leave 5 waiting for 11 for ever (a CI run hung here until the bound).
        var elevenTimedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runtime = TestChunks.Runtime(TimeSpan.FromMilliseconds(300), asyncConcurrency: 3, compute: async (p, ct) =>
        {
            if (p.Index is not (5 or 11))
            {
                return 1.0;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (p.Index == 5)
            {
                await elevenTimedOut.Task.WaitAsync(TimeSpan.FromSeconds(30)); // bounded: a TimeoutException fails the test
                await Task.Delay(200, CancellationToken.None);
                throw;
            }
            catch (OperationCanceledException)
            {
                elevenTimedOut.TrySetResult();
                throw;
            }

            return 1.0;
        });
        runtime.IsAsync = true;

        var failure = await Assert.ThrowsAsync<ParameterFailedException>(() => TestChunks.WithinAMinuteAsync(ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 20), new ParameterClock(), null, TimeProvider.System, CancellationToken.None)));

        Assert.Equal(5, failure.Offset);
        Assert.Equal(5, Assert.IsType<ParameterTimeoutException>(failure.Failure).Index);
    }

    [Fact]
    public async Task AWorkerFault_IsPassedOnUnwrapped()
    {
        var runtime = TestChunks.Runtime(null, asyncConcurrency: 4, compute: async (p, ct) =>
        {
            await Task.Yield();
            return p.Index == 2 ? throw new WorkerFaultException("no python3 here") : 1.0;
        });
        runtime.IsAsync = true;

        var fault = await Assert.ThrowsAsync<WorkerFaultException>(() => ChunkExecutor.ComputeAsync(runtime, TestChunks.Lease(0, 10), null, null, TimeProvider.System, CancellationToken.None).AsTask());

        Assert.Equal("no python3 here", fault.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
