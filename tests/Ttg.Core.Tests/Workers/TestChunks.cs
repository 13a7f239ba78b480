using Ttg.Jobs;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

/// <summary>A job's runtime and a lease of it without a store, for the tests that compute one chunk directly.</summary>
internal static class TestChunks
{
    /// <summary>A running 100-parameter "square" job with the given time limit and async concurrency, computed by <paramref name="compute"/>.</summary>
    public static JobRuntime Runtime(TimeSpan? timeout, ComputeAsync compute, int? asyncConcurrency = null)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 100, Timeout = timeout, AsyncConcurrency = asyncConcurrency });
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

    /// <summary>
    /// Waits for a chunk with a parameter that only its time limit can end: a limit that never fires fails the test
    /// after a minute, saying so, instead of holding the run.
    /// </summary>
    public static async Task<ChunkCompletion> WithinAMinuteAsync(ValueTask<ChunkCompletion> computing)
    {
        var limit = TimeSpan.FromMinutes(1);
        var chunk = computing.AsTask();
        try
        {
            return await chunk.WaitAsync(limit);
        }
        catch (TimeoutException) when (!chunk.IsCompleted) // the chunk's own TimeoutException passes as it is
        {
            throw new TimeoutException($"the chunk was not done within {limit}: the time limit never ended its hanging parameter");
        }
    }

    /// <summary>A first-attempt lease of parameters <paramref name="start"/> to start + count - 1.</summary>
    public static ChunkLease Lease(long start, int count) => new()
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
