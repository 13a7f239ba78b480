using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Submit_StoresTheJobAsGiven()
    {
        var jobId = NewJobId();
        var submitted = await SubmitAsync(Chunks(3, size: 7), lease: TimeSpan.FromSeconds(42), jobId: jobId, maxAttempts: 5);

        var stored = await Backend.GetJobAsync(jobId);

        Assert.NotNull(stored);
        Assert.Equal(submitted, stored);
        Assert.Equal(jobId, stored.JobId);
        Assert.Equal("conformance", stored.Name);
        Assert.Equal(Computation, stored.Computation);
        Assert.Equal(21, stored.TotalParameters);
        Assert.Equal(3, stored.ChunkCount);
        Assert.Equal(TimeSpan.FromSeconds(42), stored.Lease);
        Assert.Equal(5, stored.MaxAttempts);
        Assert.Equal("{\"computation\":\"conformance\"}", stored.SpecJson);
        Assert.Equal(JobState.Running, stored.State);
        Assert.Null(stored.FinishedAt);
        var progress = await ProgressAsync(jobId);
        Assert.Equal(3, progress.PendingChunks);
        Assert.Equal(0, progress.Done);
        Assert.Empty(progress.ParametersByWorker);
    }

    [Fact]
    public async Task Submit_IsRejected_WhenTheJobIdExists()
    {
        var job = await SubmitAsync(Chunks(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => SubmitAsync(Chunks(2), jobId: job.JobId));

        Assert.Equal(1, (await ProgressAsync(job.JobId)).PendingChunks);
    }

    [Fact]
    public async Task Queries_ReturnNullOrFalse_ForAnUnknownJob()
    {
        var unknown = NewJobId();

        Assert.Null(await Backend.GetJobAsync(unknown));
        Assert.Null(await Backend.GetProgressAsync(unknown));
        Assert.Empty(await ReadAllAsync(unknown));
        Assert.False(await Backend.CancelAsync(unknown));
        Assert.False(await Backend.DeleteAsync(unknown));
    }

    [Fact]
    public async Task ListJobs_ReturnsNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await SubmitAsync(Chunks(1))).JobId);
            await Task.Delay(20);
        }

        var listed = (await Backend.ListJobsAsync()).Select(j => j.JobId).Where(ids.Contains).ToList();

        Assert.Equal(ids.AsEnumerable().Reverse(), listed);
    }

    [Fact]
    public async Task Cancel_StopsLeasingAndRejectsCompletions_ButKeepsStoredResults()
    {
        var job = await SubmitAsync(Chunks(3));
        var leases = await LeaseAsync(Worker("a"), max: 2);
        await Backend.CompleteAsync(leases[0], Done(leases[0], "kept"));

        Assert.True(await Backend.CancelAsync(job.JobId));

        Assert.Empty(await LeaseAsync(Worker("b")));
        Assert.Equal(LeaseOutcome.JobNotRunning, await Backend.CompleteAsync(leases[1], Done(leases[1], "late")));
        Assert.Equal(LeaseOutcome.JobNotRunning, (await Backend.CompleteManyAsync([new ChunkCompletionRequest(leases[1], Done(leases[1], "late"))])).Single());
        Assert.Equal(LeaseOutcome.JobNotRunning, await Backend.RetryAsync(leases[1], TimeSpan.Zero));
        Assert.Equal("kept", Text(Assert.Single(await ReadAllAsync(job.JobId)).Results));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Cancelled, progress.Job.State);
        Assert.NotNull(progress.Job.FinishedAt);
        Assert.True(progress.IsFinished);
        Assert.Equal(10, progress.Succeeded);
        Assert.False(await Backend.CancelAsync(job.JobId));
    }

    [Fact]
    public async Task Cancel_ReturnsFalse_WhenTheJobIsAlreadyCompleted()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        await Backend.CompleteAsync(lease, Done(lease, "ok"));

        Assert.False(await Backend.CancelAsync(job.JobId));
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))?.State);
    }

    [Fact]
    public async Task Delete_RemovesTheJobAndAllItsData()
    {
        var job = await SubmitAsync(Chunks(3));
        var kept = await SubmitAsync(Chunks(1));
        var leases = await LeaseAsync(Worker("a"), jobIds: [job.JobId]);
        await Backend.CompleteAsync(leases[0], Done(leases[0], "gone"));

        Assert.True(await Backend.DeleteAsync(job.JobId));

        Assert.Null(await Backend.GetJobAsync(job.JobId));
        Assert.Null(await Backend.GetProgressAsync(job.JobId));
        Assert.Null(await Backend.GetChunkStatusAsync(job.JobId, leases[0].ChunkId));
        Assert.Empty(await ReadAllAsync(job.JobId));
        Assert.DoesNotContain(await Backend.ListJobsAsync(), j => j.JobId == job.JobId);
        Assert.Equal(LeaseOutcome.JobNotRunning, await Backend.CompleteAsync(leases[1], Done(leases[1], "late")));
        Assert.Empty(await Backend.RenewAsync([leases[2]]));
        Assert.All(await LeaseAsync(Worker("b")), l => Assert.Equal(kept.JobId, l.JobId));
        Assert.False(await Backend.DeleteAsync(job.JobId));
        Assert.NotNull(await Backend.GetJobAsync(kept.JobId));
    }

    [Fact]
    public async Task Delete_AllowsTheJobIdToBeSubmittedAgain()
    {
        var job = await SubmitAsync(Chunks(2));
        Assert.True(await Backend.DeleteAsync(job.JobId));

        await SubmitAsync(Chunks(1), jobId: job.JobId);

        Assert.Equal(1, (await ProgressAsync(job.JobId)).PendingChunks);
    }
}
