using Ttg.WorkQueue;

namespace Ttg.Conformance;

// Queued leases (beyond LeaseRequest.StartNow): a chunk its holder never started goes back with its attempt
// given back, however the holder was lost; a started one spends it when the loss can be pinned on it (see
// IWorkQueue.ReleaseWorkerAsync), and comes back marked lost.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task ReleaseWorker_GivesBackTheAttemptsOfQueuedChunks_AndSpendsThatOfItsOnlyStartedOne()
    {
        var job = await SubmitAsync(Chunks(3));
        var dead = await LeaseQueuedAsync(Worker("dead"), max: 3, startNow: 0);
        await Backend.MarkStartedAsync([dead[1]]);

        var freed = await Backend.ReleaseWorkerAsync(Worker("dead"));
        var again = (await LeaseAsync(Worker("next"))).ToDictionary(l => l.ChunkId);

        Assert.Equal(3, freed.Count);
        Assert.Equal(3, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal([(1, false), (2, true), (1, false)], dead.Select(l => (again[l.ChunkId].Attempt, again[l.ChunkId].EarlierHolderLost)));
    }

    [Fact]
    public async Task ADeathThatCannotBePinnedOnOneChunk_ChargesNone_ThenEachLostChunkIsChargedForTheNextDeath()
    {
        var job = await SubmitAsync(Chunks(3), maxAttempts: 1);
        var first = await LeaseQueuedAsync(Worker("computed-two"), max: 3, startNow: 2);
        Assert.Equal([true, true, false], first.Select(l => l.StartedAtLease));
        await Backend.ReleaseWorkerAsync(Worker("computed-two"));

        // Both started chunks come back with their attempt and marked lost; the queued one is untouched. A lost chunk
        // never starts at lease, so its next holder computes it alone and marks it first.
        var second = (await LeaseQueuedAsync(Worker("alone"), max: 3, startNow: 3)).ToDictionary(l => l.ChunkId);
        Assert.Equal([(1, true, false), (1, true, false), (1, false, true)],
            first.Select(l => (second[l.ChunkId].Attempt, second[l.ChunkId].EarlierHolderLost, second[l.ChunkId].StartedAtLease)));

        // A lost chunk was meant to be computed alone: its holder's next death is pinned on it, even beside others.
        await Backend.MarkStartedAsync([second[first[0].ChunkId]]);
        await Backend.ReleaseWorkerAsync(Worker("alone"));
        var third = (await LeaseAsync(Worker("next"))).ToDictionary(l => l.ChunkId);
        Assert.Equal([2, 1, 1], first.Select(l => third[l.ChunkId].Attempt));
        Assert.Equal(3, third.Count);
        Assert.Equal(6, (await ProgressAsync(job.JobId)).ReclaimedChunks);
    }

    [Fact]
    public async Task SplitAndShrunkParts_OfALostChunk_AreLostToo()
    {
        await SubmitAsync([new ChunkSpec(0, 40)]);
        Assert.Single(await LeaseAsync(Worker("dies")));
        await Backend.ReleaseWorkerAsync(Worker("dies"));
        var lost = Assert.Single(await LeaseAsync(Worker("splits")));
        Assert.True(lost.EarlierHolderLost);
        Assert.Equal(LeaseOutcome.Accepted, await Backend.SplitAsync(lost, [new ChunkSpec(0, 20), new ChunkSpec(20, 20)]));

        var halves = (await LeaseAsync(Worker("shrinks"))).OrderBy(l => l.Start).ToList();
        Assert.Equal([(1, true), (1, true)], halves.Select(l => (l.Attempt, l.EarlierHolderLost)));
        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(halves[0], new ChunkSpec(0, 10), new ChunkSpec(10, 10)));
        var tail = Assert.Single(await LeaseAsync(Worker("tail")));
        Assert.Equal((10L, true), (tail.Start, tail.EarlierHolderLost));

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(tail, Done(tail, "ok")));
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

        // Three started, two of them in one job: the first job's pair cannot be pinned, the second job's one can
        // (a death is weighed per job, as each job's chunks are kept apart).
        Assert.Equal([true, true, true, false], mixed.Select(l => l.StartedAtLease));
        Assert.Equal([1, 1, 2, 1], mixed.Select(l => again[l.ChunkId + "@" + l.JobId]));
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
