using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Release_MakesTheChunkLeasableAtOnce_WithTheAttemptGivenBack()
    {
        var job = await SubmitAsync(Chunks(2));
        var leases = await LeaseAsync(Worker("a"));

        await Backend.ReleaseAsync(leases);
        var again = await LeaseAsync(Worker("b"));

        Assert.Equal(leases.Select(l => l.ChunkId).Order(), again.Select(l => l.ChunkId).Order());
        Assert.All(again, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(0, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(leases[0], Done(leases[0], "released")));
    }

    [Fact]
    public async Task Release_IgnoresLeasesAlreadyLost()
    {
        var job = await SubmitAsync(Chunks(1));
        var old = Assert.Single(await LeaseAsync(Worker("a")));
        await Backend.ReleaseAsync([old]);
        var current = Assert.Single(await LeaseAsync(Worker("b")));

        await Backend.ReleaseAsync([old]);

        Assert.Empty(await LeaseAsync(Worker("c")));
        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("b"), 1), await Backend.GetChunkStatusAsync(job.JobId, current.ChunkId));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(current, Done(current, "ok")));
    }

    [Fact]
    public async Task ReleaseWorker_FreesEveryLeaseOfADeadWorker_CountedAsReclaimed()
    {
        var job = await SubmitAsync(Chunks(4));
        var dead = await LeaseAsync(Worker("dead"), max: 3);
        var alive = Assert.Single(await LeaseAsync(Worker("alive"), max: 3));

        var freed = await Backend.ReleaseWorkerAsync(Worker("dead"));
        var progress = await ProgressAsync(job.JobId);
        var again = await LeaseAsync(Worker("next"));

        Assert.Equal(dead.Select(l => (l.JobId, l.ChunkId)).Order(), freed.Order());
        Assert.Equal(3, progress.ReclaimedChunks);
        Assert.Equal(3, progress.PendingChunks);
        Assert.Equal(1, progress.LeasedChunks);
        Assert.Equal(dead.Select(l => l.ChunkId).Order(), again.Select(l => l.ChunkId).Order());
        // Three started chunks: the death cannot be pinned on one of them, so none is charged and each is marked lost.
        Assert.All(again, l => Assert.Equal((1, true), (l.Attempt, l.EarlierHolderLost)));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(dead[0], Done(dead[0], "dead")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(alive, Done(alive, "alive")));
    }

    [Fact]
    public async Task ReleaseWorker_ReturnsNothing_WhenTheWorkerHoldsNothing()
    {
        await SubmitAsync(Chunks(1));
        Assert.Single(await LeaseAsync(Worker("a")));

        Assert.Empty(await Backend.ReleaseWorkerAsync(Worker("nobody")));
        Assert.Empty(await LeaseAsync(Worker("b")));
    }
}
