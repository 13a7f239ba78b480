using System.Collections.Concurrent;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task ConcurrentLeasing_NeverHandsOutAChunkTwice()
    {
        const int chunkCount = 300;
        var job = await SubmitAsync(Chunks(chunkCount, size: 1));
        var second = await SecondClientAsync();
        var taken = new ConcurrentBag<ChunkLease>();

        async Task DrainAsync(ITtgBackend backend, string worker)
        {
            while (true)
            {
                var leases = await LeaseAsync(worker, max: 7, backend: backend);
                if (leases.Count == 0)
                {
                    return;
                }

                foreach (var lease in leases)
                {
                    taken.Add(lease);
                }

                await backend.CompleteManyAsync(leases.Select(l => new ChunkCompletionRequest(l, Done(l, l.ChunkId))).ToList());
            }
        }

        var workers = Enumerable.Range(0, 6)
            .Select(i => Task.Run(() => DrainAsync(i % 2 == 0 ? Backend : second, Worker($"w{i}"))))
            .ToArray();
        // 300 chunks drain in a second or two; a backend that keeps handing out chunks fails here instead of holding the run.
        var drained = Task.WhenAll(workers);
        Assert.True(await Task.WhenAny(drained, Task.Delay(TimeSpan.FromMinutes(2))) == drained, $"six workers did not drain {chunkCount} chunks within 2 minutes; {taken.Count} leases were handed out");
        await drained;

        Assert.Equal(chunkCount, taken.Count);
        Assert.Equal(chunkCount, taken.Select(l => l.ChunkId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, chunkCount).Select(i => (long)i), taken.Select(l => l.Start).Order());
        Assert.All(taken, l => Assert.Equal(1, l.Attempt));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.Equal(chunkCount, progress.Succeeded);
        Assert.Equal(chunkCount, (await ReadAllAsync(job.JobId, second)).Count);
    }

    [Fact]
    public async Task SecondClient_SeesTheFirstClientsWrites()
    {
        var job = await SubmitAsync(Chunks(2));
        var second = await SecondClientAsync();

        var lease = Assert.Single(await LeaseAsync(Worker("b"), max: 1, backend: second));
        await second.CompleteAsync(lease, Done(lease, "from-second"));

        Assert.Equal("from-second", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        Assert.Equal(1, (await ProgressAsync(job.JobId)).PendingChunks);
        Assert.Equal(job, await second.GetJobAsync(job.JobId));
    }

    [Fact]
    public async Task TwoJobsAtOnce_AreBothServed()
    {
        var first = await SubmitAsync(Chunks(3));
        var second = await SubmitAsync(Chunks(3));

        var leases = new List<ChunkLease>();
        for (var round = 0; round < 10; round++)
        {
            var batch = await LeaseAsync(Worker("a"), max: 2);
            if (batch.Count == 0)
            {
                break;
            }

            leases.AddRange(batch);
            await Backend.CompleteManyAsync(batch.Select(l => new ChunkCompletionRequest(l, Done(l, "x"))).ToList());
        }

        Assert.Equal(3, leases.Count(l => l.JobId == first.JobId));
        Assert.Equal(3, leases.Count(l => l.JobId == second.JobId));
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(first.JobId))?.State);
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(second.JobId))?.State);
    }

    [Fact]
    public async Task TwoRunningJobs_ShareTheWorkers_RatherThanTheOlderDrainingFirst()
    {
        var older = await SubmitAsync(Chunks(20));
        var newer = await SubmitAsync(Chunks(20));

        var leases = new List<ChunkLease>();
        for (var call = 0; call < 6; call++)
        {
            leases.AddRange(await LeaseAsync(Worker($"w{call}"), max: 1));
        }

        // Six one-chunk leases while both jobs have plenty: each job gets some, neither gets them all.
        Assert.Equal(6, leases.Count);
        Assert.InRange(leases.Count(l => l.JobId == older.JobId), 1, 5);
        Assert.InRange(leases.Count(l => l.JobId == newer.JobId), 1, 5);
    }
}
