using Ttg.WorkQueue;

namespace Ttg.Conformance;

// Queued leases (beyond LeaseRequest.StartNow): a chunk its holder never started goes back with its attempt
// given back, however the holder was lost; a started one spends it, as every lease did before.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task ReleaseWorker_GivesBackTheAttemptsOfQueuedChunks_AndSpendsThoseOfStartedOnes()
    {
        var job = await SubmitAsync(Chunks(4));
        var dead = await LeaseQueuedAsync(Worker("dead"), max: 4, startNow: 1);
        await Backend.MarkStartedAsync([dead[1]]);

        var freed = await Backend.ReleaseWorkerAsync(Worker("dead"));
        var again = (await LeaseAsync(Worker("next"))).ToDictionary(l => l.ChunkId, l => l.Attempt);

        Assert.Equal(4, freed.Count);
        Assert.Equal(4, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal([2, 2, 1, 1], dead.Select(l => again[l.ChunkId]));
    }

    [Fact]
    public async Task ExpiredLease_OfAQueuedChunk_GivesItsAttemptBack()
    {
        var job = await SubmitAsync(Chunks(2), lease: ShortLease);
        var held = await LeaseQueuedAsync(Worker("frozen"), max: 2, startNow: 1);

        var taken = new List<ChunkLease>();
        while (taken.Count < 2)
        {
            taken.AddRange(await LeaseEventuallyAsync(Worker("next"), max: 2));
        }

        var attempts = taken.ToDictionary(l => l.ChunkId, l => l.Attempt);
        Assert.Equal([2, 1], held.Select(l => attempts[l.ChunkId]));
        Assert.Equal(2, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(held[1], Done(held[1], "zombie")));
    }

    [Fact]
    public async Task LapsedSession_GivesBackTheAttemptsOfQueuedChunksOnly()
    {
        var job = await SubmitAsync(Chunks(3), lease: LongLease);
        var silent = await Backend.LeaseAsync(new LeaseRequest(Worker("silent"), 3, [Computation])
        {
            Liveness = TimeSpan.FromMilliseconds(300),
            StartNow = 0,
        });
        await Backend.MarkStartedAsync([silent[0]]);

        var taken = new List<ChunkLease>();
        while (taken.Count < 3)
        {
            taken.AddRange(await LeaseEventuallyAsync(Worker("next"), max: 3));
        }

        var attempts = taken.ToDictionary(l => l.ChunkId, l => l.Attempt);
        Assert.Equal([2, 1, 1], silent.Select(l => attempts[l.ChunkId]));
        Assert.Equal(3, (await ProgressAsync(job.JobId)).ReclaimedChunks);
    }

    [Fact]
    public async Task QueuedChunk_LostAgainAndAgain_NeverRunsOutOfAttempts()
    {
        var job = await SubmitAsync(Chunks(1), maxAttempts: 2);
        for (var death = 0; death < 5; death++)
        {
            var queued = Assert.Single(await LeaseQueuedAsync(Worker($"dies{death}"), max: 1, startNow: 0));
            Assert.Equal(1, queued.Attempt);
            Assert.Single(await Backend.ReleaseWorkerAsync(Worker($"dies{death}")));
        }

        var last = Assert.Single(await LeaseAsync(Worker("survivor")));
        Assert.Equal(1, last.Attempt);
        Assert.Equal(5, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("survivor"), 1), await Backend.GetChunkStatusAsync(job.JobId, last.ChunkId));
    }

    [Fact]
    public async Task MarkStarted_IgnoresALostLease_AndDoesNotStartTheNewHoldersChunk()
    {
        await SubmitAsync(Chunks(1));
        var old = Assert.Single(await LeaseQueuedAsync(Worker("old"), max: 1, startNow: 0));
        await Backend.ReleaseAsync([old]);
        var current = Assert.Single(await LeaseQueuedAsync(Worker("current"), max: 1, startNow: 0));

        await Backend.MarkStartedAsync([old]);
        await Backend.ReleaseWorkerAsync(Worker("current"));

        Assert.Equal(1, Assert.Single(await LeaseAsync(Worker("next"))).Attempt);
        Assert.Equal(1, current.Attempt);
    }

    [Fact]
    public async Task StartNow_CountsAcrossJobs_AndNullStartsEveryLease()
    {
        var first = await SubmitAsync(Chunks(2));
        var second = await SubmitAsync(Chunks(2));
        var mixed = await LeaseQueuedAsync(Worker("mixed"), max: 4, startNow: 3);
        Assert.Equal(4, mixed.Count);

        await Backend.ReleaseWorkerAsync(Worker("mixed"));
        var again = (await LeaseAsync(Worker("next"))).ToDictionary(l => l.ChunkId + "@" + l.JobId, l => l.Attempt);

        Assert.Equal([true, true, true, false], mixed.Select(l => l.StartedAtLease));
        Assert.Equal([2, 2, 2, 1], mixed.Select(l => again[l.ChunkId + "@" + l.JobId]));
        Assert.Equal(4, (await ProgressAsync(first.JobId)).ReclaimedChunks + (await ProgressAsync(second.JobId)).ReclaimedChunks);
    }

    [Fact]
    public async Task ChunkPastItsFirstAttempt_NeverStartsAtLease_SoAHolderKilledBeforeStartingItSpendsNothing()
    {
        await SubmitAsync(Chunks(1), maxAttempts: 2);
        var first = Assert.Single(await LeaseQueuedAsync(Worker("died-computing"), max: 1, startNow: 1));
        Assert.True(first.StartedAtLease);
        await Backend.ReleaseWorkerAsync(Worker("died-computing"));

        // Every later holder is killed right after its lease, before computing: none of them is charged.
        for (var death = 0; death < 4; death++)
        {
            var takeover = Assert.Single(await LeaseQueuedAsync(Worker($"killed{death}"), max: 1, startNow: 1));
            Assert.Equal((2, false), (takeover.Attempt, takeover.StartedAtLease));
            Assert.Single(await Backend.ReleaseWorkerAsync(Worker($"killed{death}")));
        }

        // Marked when computing begins, it is charged as before.
        var computing = Assert.Single(await LeaseQueuedAsync(Worker("computing"), max: 1, startNow: 1));
        await Backend.MarkStartedAsync([computing]);
        await Backend.ReleaseWorkerAsync(Worker("computing"));
        Assert.Equal(3, Assert.Single(await LeaseAsync(Worker("next"))).Attempt);
    }

    private Task<IReadOnlyList<ChunkLease>> LeaseQueuedAsync(string worker, int max, int startNow) =>
        Backend.LeaseAsync(new LeaseRequest(worker, max, [Computation]) { StartNow = startNow });
}
