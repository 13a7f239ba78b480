using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    /// <summary>A request that finds any started chunk straggling at once.</summary>
    private CopyRequest CopyNow(string worker, string jobId, double budget = 1) => new(worker, jobId, TimeSpan.Zero) { Budget = budget };

    [Fact]
    public async Task Copy_ThatCompletesFirst_IsTheOneResultRecorded_AndTheFirstHolderIsLeaseLost()
    {
        var job = await SubmitAsync(Chunks(1));
        var first = Assert.Single(await LeaseAsync(Worker("slow")));

        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("idle"), job.JobId));

        Assert.NotNull(copy);
        Assert.Equal((first.ChunkId, first.Start, first.Count, first.Attempt), (copy.ChunkId, copy.Start, copy.Count, copy.Attempt));
        Assert.NotEqual(first.Token, copy.Token);
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(copy, Done(copy, "copy")));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(first, Done(first, "first")));
        Assert.Equal("copy", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((10, 0, 1, 0L), (progress.Succeeded, progress.Failed, progress.CompletedChunks, progress.LeasedChunks));
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.Equal(10, progress.ParametersByWorker[Worker("idle")]);
        Assert.False(progress.ParametersByWorker.ContainsKey(Worker("slow")));
        Assert.Equal(new JobSpeculation(Copies: 1, Won: 1, Wasted: 0, CopiedParameters: 10), progress.Speculation);
    }

    [Fact]
    public async Task FirstHolder_ThatCompletesFirst_IsTheOneResultRecorded_AndTheCopyIsLeaseLost()
    {
        var job = await SubmitAsync(Chunks(1));
        var first = Assert.Single(await LeaseAsync(Worker("slow")));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("idle"), job.JobId));
        Assert.NotNull(copy);

        Assert.Single(await Backend.RenewAsync([copy]));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(first, Done(first, "first")));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(copy, Done(copy, "copy")));

        Assert.Empty(await Backend.RenewAsync([copy]));
        Assert.Equal("first", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((10, 1, JobState.Completed), (progress.Succeeded, progress.CompletedChunks, progress.Job.State));
        Assert.Equal(new JobSpeculation(Copies: 1, Won: 0, Wasted: 1, CopiedParameters: 10), progress.Speculation);
    }

    [Fact]
    public async Task Copy_IsRefused_WhilePending_ForItsOwnHolder_ForAQueuedChunk_AndTwiceForOneChunk()
    {
        var job = await SubmitAsync(Chunks(3));
        var first = Assert.Single(await LeaseAsync(Worker("a"), max: 1));
        Assert.Null(await Backend.LeaseCopyAsync(CopyNow(Worker("b"), job.JobId))); // two chunks still pending

        var queued = Assert.Single(await Backend.LeaseAsync(new LeaseRequest(Worker("b"), 1, [Computation]) { StartNow = 0 }));
        var started = Assert.Single(await LeaseAsync(Worker("c"), max: 1));
        Assert.Equal(0, (await ProgressAsync(job.JobId)).PendingChunks);
        Assert.Null(await Backend.LeaseCopyAsync(CopyNow(Worker("a"), job.JobId) with { MinRunning = TimeSpan.FromHours(1) }));

        // b's chunk is only queued and a's own is never offered to a, so a gets a copy of c's and then nothing.
        var copies = new List<ChunkLease>();
        while (copies.Count < 5 && await Backend.LeaseCopyAsync(CopyNow(Worker("a"), job.JobId)) is { } copy)
        {
            copies.Add(copy);
        }

        Assert.Equal([started.ChunkId], copies.Select(c => c.ChunkId));
        Assert.Equal(first.ChunkId, (await Backend.LeaseCopyAsync(CopyNow(Worker("d"), job.JobId)))?.ChunkId);
        Assert.Null(await Backend.LeaseCopyAsync(CopyNow(Worker("d"), job.JobId)));
        Assert.NotEqual(queued.ChunkId, started.ChunkId);
    }

    [Fact]
    public async Task Copy_IsRefused_ForAChunkThatRanPastTheBoundForEveryParameter()
    {
        var job = await SubmitAsync(Chunks(1));
        var held = Assert.Single(await LeaseAsync(Worker("a"), max: 1));

        // A bound of zero: the chunk has already run that long for each parameter (a time limit it has passed).
        Assert.Null(await Backend.LeaseCopyAsync(CopyNow(Worker("b"), job.JobId) with { RunningAtMostPerParameter = TimeSpan.Zero }));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("b"), job.JobId) with { RunningAtMostPerParameter = TimeSpan.FromHours(1) });
        Assert.Equal(held.ChunkId, copy?.ChunkId);
    }

    [Fact]
    public async Task Copies_StayWithinTheJobsBudget()
    {
        var job = await SubmitAsync(Chunks(10));
        Assert.Equal(10, (await LeaseAsync(Worker("a"), max: 10)).Count);

        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("b"), job.JobId, budget: 0.1));

        Assert.NotNull(copy);
        Assert.Null(await Backend.LeaseCopyAsync(CopyNow(Worker("c"), job.JobId, budget: 0.1)));
        Assert.NotNull(await Backend.LeaseCopyAsync(CopyNow(Worker("c"), job.JobId, budget: 0.2)));
        Assert.Equal(new JobSpeculation(Copies: 2, Won: 0, Wasted: 0, CopiedParameters: 20), (await ProgressAsync(job.JobId)).Speculation);
    }

    [Fact]
    public async Task Copy_CannotRetryOrSplit_AndHandedBack_LeavesTheChunkWithItsFirstHolder()
    {
        var job = await SubmitAsync(Chunks(1));
        var first = Assert.Single(await LeaseAsync(Worker("slow")));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("idle"), job.JobId));
        Assert.NotNull(copy);

        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.RetryAsync(copy, TimeSpan.Zero));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.SplitAsync(copy, [new ChunkSpec(copy.Start, 5), new ChunkSpec(copy.Start + 5, 5)]));
        await Backend.ReleaseAsync([copy]);

        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((0L, 1L), (progress.PendingChunks, progress.LeasedChunks));
        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("slow"), 1), await Backend.GetChunkStatusAsync(job.JobId, first.ChunkId));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(copy, Done(copy, "copy")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(first, Done(first, "first")));
        Assert.Equal(new JobSpeculation(Copies: 1, Won: 0, Wasted: 1, CopiedParameters: 10), (await ProgressAsync(job.JobId)).Speculation);
    }

    [Fact]
    public async Task Copy_EndsWhenItsChunkIsHandedBack_AndLeasedAgain()
    {
        var job = await SubmitAsync(Chunks(1));
        var first = Assert.Single(await LeaseAsync(Worker("a")));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("b"), job.JobId));
        Assert.NotNull(copy);

        await Backend.ReleaseAsync([first]);
        var again = Assert.Single(await LeaseAsync(Worker("c")));

        Assert.Empty(await Backend.RenewAsync([copy]));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(copy, Done(copy, "copy")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(again, Done(again, "again")));
        Assert.Equal("again", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        Assert.Equal(10, (await ProgressAsync(job.JobId)).Succeeded);
    }
}
