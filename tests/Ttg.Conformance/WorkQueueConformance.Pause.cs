using Ttg.WorkQueue;

namespace Ttg.Conformance;

// Pause and resume: a paused job hands out nothing new, finishes what is already leased, keeps workers around,
// and carries on where it stopped once resumed.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Pause_StopsNewLeases_LetsLeasedChunksFinish_AndResumeCarriesOn()
    {
        var job = await SubmitAsync(Chunks(3));
        var held = Assert.Single(await LeaseAsync(Worker("a"), max: 1));

        Assert.True(await Backend.PauseAsync(job.JobId));

        Assert.Empty(await LeaseAsync(Worker("b")));
        Assert.Equal(JobState.Paused, (await Backend.GetJobAsync(job.JobId))!.State);
        Assert.Single(await Backend.RenewAsync([held]));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(held, Done(held, "finished while paused")));
        var paused = await ProgressAsync(job.JobId);
        Assert.False(paused.IsFinished);
        Assert.Equal(2, paused.PendingChunks);
        Assert.True(await Backend.HasOpenWorkAsync([Computation]));

        Assert.True(await Backend.ResumeAsync(job.JobId));
        var rest = await LeaseAsync(Worker("b"));
        Assert.Equal(2, rest.Count);
        Assert.All(await Backend.CompleteManyAsync([.. rest.Select(l => new ChunkCompletionRequest(l, Done(l, "ok")))]), o => Assert.Equal(LeaseOutcome.Accepted, o));
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))!.State);
    }

    [Fact]
    public async Task AJobWhoseLastChunkIsRecordedWhilePaused_Completes()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.True(await Backend.PauseAsync(job.JobId));

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "last")));

        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.True(progress.IsFinished);
        Assert.False(await Backend.ResumeAsync(job.JobId));
    }

    [Fact]
    public async Task PauseAndResume_ApplyOnlyFromTheRightState_AndAPausedJobCanBeCancelled()
    {
        var job = await SubmitAsync(Chunks(2));

        Assert.False(await Backend.ResumeAsync(job.JobId)); // running, not paused
        Assert.True(await Backend.PauseAsync(job.JobId));
        Assert.False(await Backend.PauseAsync(job.JobId)); // already paused
        Assert.False(await Backend.PauseAsync("no-such-job"));
        Assert.True(await Backend.CancelAsync(job.JobId));

        Assert.Equal(JobState.Cancelled, (await Backend.GetJobAsync(job.JobId))!.State);
        Assert.False(await Backend.PauseAsync(job.JobId));
        Assert.False(await Backend.ResumeAsync(job.JobId));
        Assert.Empty(await LeaseAsync(Worker("a")));
    }
}
