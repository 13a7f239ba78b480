using System.Diagnostics;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

internal static class TestJobs
{
    public const string Computation = "square";

    public static JobSubmission Submission(string jobId, long total, int chunkSize, TimeSpan? lease = null, int maxAttempts = 3, bool payload = false)
    {
        var chunks = new List<ChunkSpec>();
        for (long start = 0; start < total; start += chunkSize)
        {
            var count = (int)Math.Min(chunkSize, total - start);
            chunks.Add(new ChunkSpec(start, count, payload ? new byte[] { (byte)start, 1, 2 } : default));
        }

        return new JobSubmission
        {
            JobId = jobId,
            Name = jobId,
            Computation = Computation,
            TotalParameters = total,
            Lease = lease ?? TimeSpan.FromSeconds(30),
            MaxAttempts = maxAttempts,
            SpecJson = "{\"job\":\"" + jobId + "\"}",
            ChunkCount = chunks.Count,
            Chunks = chunks,
        };
    }

    public static LeaseRequest Request(string worker, int max = 1, string? jobId = null) =>
        new(worker, max, [Computation]) { JobIds = jobId is null ? null : [jobId] };

    /// <summary>8 bytes per parameter, like a chunk of doubles.</summary>
    public static ChunkCompletion Results(ChunkLease lease) =>
        new(Enumerable.Range(0, lease.Count).SelectMany(i => BitConverter.GetBytes((double)(lease.Start + i))).ToArray(), lease.Count, 0);

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await probe();
            if (done(value) || deadline.Elapsed > limit)
            {
                return value;
            }

            await Task.Delay(25);
        }
    }
}
