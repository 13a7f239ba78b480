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
