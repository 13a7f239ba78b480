using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Complete_StoresResults_ReadBackInIndexOrder()
    {
        var job = await SubmitAsync(Chunks(3));
        var leases = await LeaseAsync(Worker("a"));

        foreach (var lease in leases.OrderByDescending(l => l.Start))
        {
            Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, $"r{lease.Start}")));
        }

        var stored = await ReadAllAsync(job.JobId);
        Assert.Equal([0L, 10, 20], stored.Select(s => s.Start));
        Assert.Equal(["r0", "r10", "r20"], stored.Select(s => Text(s.Results)));
        Assert.All(stored, s => Assert.Equal(10, s.Count));
    }

    [Fact]
    public async Task Complete_IsRejected_WhenTheChunkIsAlreadyCompleted()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "first")));

        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(lease, Done(lease, "second")));

        Assert.Equal("first", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        Assert.Equal(10, (await ProgressAsync(job.JobId)).Succeeded);
    }

    [Fact]
    public async Task Complete_IsRejected_WhenTheLeaseWasReclaimed_AndTheNewOwnerWins()
    {
        var job = await SubmitAsync(Chunks(1), lease: ShortLease);
        var zombie = Assert.Single(await LeaseAsync(Worker("a")));
        var owner = Assert.Single(await LeaseEventuallyAsync(Worker("b")));

        var zombieOutcome = await Backend.CompleteAsync(zombie, Done(zombie, "zombie"));
        var afterZombie = await ProgressAsync(job.JobId);
        var ownerOutcome = await Backend.CompleteAsync(owner, Done(owner, "owner"));

        Assert.Equal(LeaseOutcome.LeaseLost, zombieOutcome);
        Assert.Equal(0, afterZombie.Succeeded);
        Assert.Equal(1, afterZombie.LeasedChunks);
        Assert.Equal(JobState.Running, afterZombie.Job.State);
        Assert.Equal(LeaseOutcome.Accepted, ownerOutcome);
        Assert.Equal("owner", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(10, progress.Succeeded);
        Assert.Equal(10, progress.ParametersByWorker[Worker("b")]);
        Assert.False(progress.ParametersByWorker.ContainsKey(Worker("a")));
    }

    [Fact]
    public async Task Complete_IsAccepted_WhenTheLeaseExpiredButNobodyTookItOver()
    {
        var job = await SubmitAsync(Chunks(1), lease: TimeSpan.FromMilliseconds(200));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        await Task.Delay(400);

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "late")));
        Assert.Equal(JobState.Completed, (await ProgressAsync(job.JobId)).Job.State);
    }

    [Fact]
    public async Task CompleteMany_ReturnsEachOutcomeInRequestOrder()
    {
        var job = await SubmitAsync(Chunks(4));
        var leases = (await LeaseAsync(Worker("a"), max: 3)).OrderBy(l => l.Start).ToList();
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(leases[1], Done(leases[1], "early")));
        var forged = leases[2] with { Token = "forged-" + leases[2].Token };

        var outcomes = await Backend.CompleteManyAsync(
        [
            new ChunkCompletionRequest(leases[0], Done(leases[0], "r0")),
            new ChunkCompletionRequest(leases[1], Done(leases[1], "again")),
            new ChunkCompletionRequest(forged, Done(forged, "forged")),
            new ChunkCompletionRequest(leases[2], Done(leases[2], "r20")),
        ]);

        Assert.Equal([LeaseOutcome.Accepted, LeaseOutcome.LeaseLost, LeaseOutcome.LeaseLost, LeaseOutcome.Accepted], outcomes);
        Assert.Equal(["r0", "early", "r20"], (await ReadAllAsync(job.JobId)).Select(s => Text(s.Results)));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(30, progress.Succeeded);
        Assert.Equal(1, progress.PendingChunks);
        Assert.Equal(JobState.Running, progress.Job.State);
    }

    [Fact]
    public async Task CompleteMany_CompletesTheJob_WhenItRecordsTheLastChunks()
    {
        var job = await SubmitAsync(Chunks(3));
        var leases = await LeaseAsync(Worker("a"));

        var outcomes = await Backend.CompleteManyAsync(leases.Select(l => new ChunkCompletionRequest(l, Done(l, "x"))).ToList());

        Assert.All(outcomes, o => Assert.Equal(LeaseOutcome.Accepted, o));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.NotNull(progress.Job.FinishedAt);
        Assert.Equal(30, progress.Succeeded);
    }

    [Fact]
    public async Task CompleteMany_AcceptsOnlyTheFirstOfTwoCompletionsOfOneChunk()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));

        var outcomes = await Backend.CompleteManyAsync(
        [
            new ChunkCompletionRequest(lease, Done(lease, "first")),
            new ChunkCompletionRequest(lease, Done(lease, "second")),
        ]);

        Assert.Equal([LeaseOutcome.Accepted, LeaseOutcome.LeaseLost], outcomes);
        Assert.Equal("first", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        Assert.Equal(10, (await ProgressAsync(job.JobId)).Succeeded);
    }

    [Fact]
    public async Task Complete_StoresEmptyResults()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, new ChunkCompletion(ReadOnlyMemory<byte>.Empty, 0, 10)));

        var stored = Assert.Single(await ReadAllAsync(job.JobId));
        Assert.Equal(0, stored.Results.Length);
        Assert.Equal(10, (await ProgressAsync(job.JobId)).Failed);
    }

    [Fact]
    public async Task CompleteMany_ReturnsEmpty_ForAnEmptyBatch()
    {
        Assert.Empty(await Backend.CompleteManyAsync([]));
    }
}
