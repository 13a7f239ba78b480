using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Progress_CountsParametersChunksAndWorkers()
    {
        var job = await SubmitAsync(Chunks(4));
        var a = await LeaseAsync(Worker("a"), max: 2);
        var b = Assert.Single(await LeaseAsync(Worker("b"), max: 1));
        await Backend.CompleteAsync(a[0], new ChunkCompletion(new byte[] { 1 }, 8, 2));
        await Backend.CompleteAsync(b, new ChunkCompletion(new byte[] { 2 }, 10, 0));

        var progress = await ProgressAsync(job.JobId);

        Assert.Equal(18, progress.Succeeded);
        Assert.Equal(2, progress.Failed);
        Assert.Equal(20, progress.Done);
        Assert.Equal(0.5, progress.Fraction);
        Assert.Equal(1, progress.PendingChunks);
        Assert.Equal(1, progress.LeasedChunks);
        Assert.Equal(2, progress.CompletedChunks);
        Assert.Equal(0, progress.ReclaimedChunks);
        Assert.Equal(10, progress.ParametersByWorker[Worker("a")]);
        Assert.Equal(10, progress.ParametersByWorker[Worker("b")]);
        Assert.Equal(2, progress.ParametersByWorker.Count);
        Assert.Equal(JobState.Running, progress.Job.State);
        Assert.False(progress.IsFinished);
    }

    [Fact]
    public async Task Job_Completes_WhenEveryParameterIsRecorded_FailuresIncluded()
    {
        var job = await SubmitAsync(Chunks(2));
        var leases = await LeaseAsync(Worker("a"));
        await Backend.CompleteAsync(leases[0], new ChunkCompletion(new byte[] { 1 }, 0, 10));
        Assert.Null((await ProgressAsync(job.JobId)).Job.FinishedAt);

        await Backend.CompleteAsync(leases[1], new ChunkCompletion(new byte[] { 2 }, 3, 7));

        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.NotNull(progress.Job.FinishedAt);
        Assert.True(progress.Job.FinishedAt >= progress.Job.CreatedAt);
        Assert.Equal(17, progress.Failed);
        Assert.Equal(3, progress.Succeeded);
        Assert.Equal(2, progress.CompletedChunks);
        Assert.True(progress.IsFinished);
        Assert.Equal(1.0, progress.Fraction);
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))?.State);
    }

    [Fact]
    public async Task ChunkStatus_FollowsTheChunkThroughItsLife()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        var leased = await Backend.GetChunkStatusAsync(job.JobId, lease.ChunkId);
        await Backend.CompleteAsync(lease, Done(lease, "ok"));

        var completed = await Backend.GetChunkStatusAsync(job.JobId, lease.ChunkId);

        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("a"), 1), leased);
        Assert.Equal(ChunkState.Completed, completed?.State);
        Assert.Equal(1, completed?.Attempts);
        Assert.Null(await Backend.GetChunkStatusAsync(job.JobId, "no-such-chunk"));
        Assert.Null(await Backend.GetChunkStatusAsync(NewJobId(), lease.ChunkId));
    }

    [Fact]
    public async Task ChunkStatus_IsPendingWithNoAttempts_BeforeTheFirstLease()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        await Backend.ReleaseAsync([lease]);

        Assert.Equal(new ChunkStatus(ChunkState.Pending, null, 0), await Backend.GetChunkStatusAsync(job.JobId, lease.ChunkId));
    }

    [Fact]
    public async Task HasOpenWork_IsTrue_OnlyWhileChunksOfTheComputationArePendingOrLeased()
    {
        var other = $"{Computation}-other";
        Assert.False(await Backend.HasOpenWorkAsync([Computation]));
        var job = await SubmitAsync(Chunks(1));
        var pending = await Backend.HasOpenWorkAsync([Computation, other]);
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        var leased = await Backend.HasOpenWorkAsync([Computation]);
        var otherComputation = await Backend.HasOpenWorkAsync([other]);
        await Backend.CompleteAsync(lease, Done(lease, "ok"));
        var done = await Backend.HasOpenWorkAsync([Computation]);
        await SubmitAsync(Chunks(1));
        var second = await Backend.HasOpenWorkAsync([Computation]);

        Assert.True(pending);
        Assert.True(leased);
        Assert.False(otherComputation);
        Assert.False(done);
        Assert.True(second);
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))?.State);
    }

    [Fact]
    public async Task HasOpenWork_IsFalse_WhenTheJobIsCancelled()
    {
        var job = await SubmitAsync(Chunks(2));
        Assert.True(await Backend.HasOpenWorkAsync([Computation]));

        await Backend.CancelAsync(job.JobId);

        Assert.False(await Backend.HasOpenWorkAsync([Computation]));
    }
}
