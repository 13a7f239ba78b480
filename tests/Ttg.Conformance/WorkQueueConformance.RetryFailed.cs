using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

// `ttg retry`: parameters recorded as failed go back with fresh attempts once the user fixed the cause; the job
// runs again and ends with exactly one result per parameter.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task RetryFailed_RequeuesFailedParameters_WithFreshAttempts_AndReopensTheFinishedJob()
    {
        var job = await SubmitAsync([new ChunkSpec(0, 1), new ChunkSpec(1, 1, Encoding.UTF8.GetBytes("row-1")), new ChunkSpec(2, 2)], maxAttempts: 2);
        var leases = (await LeaseAsync(Worker("a"))).OrderBy(l => l.Start).ToList();
        Assert.Equal([LeaseOutcome.Accepted, LeaseOutcome.Accepted, LeaseOutcome.Accepted], await Backend.CompleteManyAsync(
        [
            new(leases[0], Done(leases[0], "ok-0")),
            new(leases[1], new ChunkCompletion(Encoding.UTF8.GetBytes("failed-1"), 0, 1)),
            new(leases[2], Done(leases[2], "ok-2")),
        ]));
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))!.State);

        Assert.Equal(1, await Backend.RetryFailedAsync(job.JobId));

        var reopened = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Running, reopened.Job.State);
        Assert.Null(reopened.Job.FinishedAt);
        Assert.Equal((3L, 0L, 1L, 2L), (reopened.Succeeded, reopened.Failed, reopened.PendingChunks, reopened.CompletedChunks));
        Assert.Equal([0L, 2L], (await ReadAllAsync(job.JobId)).Select(c => c.Start));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(leases[1], Done(leases[1], "zombie")));

        var again = Assert.Single(await LeaseEventuallyAsync(Worker("b")));
        Assert.Equal((1L, 1, 1, "row-1"), (again.Start, again.Count, again.Attempt, Text(again.Payload)));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(again, Done(again, "ok-1")));

        var done = await ProgressAsync(job.JobId);
        Assert.Equal((JobState.Completed, 4L, 0L), (done.Job.State, done.Succeeded, done.Failed));
        var results = await ReadAllAsync(job.JobId);
        Assert.Equal([0L, 1L, 2L], results.Select(c => c.Start));
        Assert.Equal(["ok-0", "ok-1", "ok-2"], results.Select(c => Text(c.Results)));
        Assert.Equal(0, await Backend.RetryFailedAsync(job.JobId));
    }

    [Fact]
    public async Task RetryFailed_OnARunningJob_RequeuesOnlyWhatFailed_AndLeavesLeasesAlone()
    {
        var job = await SubmitAsync(Chunks(3, size: 1));
        var leases = (await LeaseAsync(Worker("a"), max: 2)).OrderBy(l => l.Start).ToList();
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(leases[0], new ChunkCompletion(Encoding.UTF8.GetBytes("failed-0"), 0, 1)));

        Assert.Equal(1, await Backend.RetryFailedAsync(job.JobId));

        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((JobState.Running, 0L, 2L, 1L), (progress.Job.State, progress.Failed, progress.PendingChunks, progress.LeasedChunks));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(leases[1], Done(leases[1], "ok-1")));
        Assert.Equal([0L, 2L], (await LeaseAsync(Worker("b"))).Select(l => l.Start).Order());
    }

    [Fact]
    public async Task RetryFailed_ReturnsZero_ForAnUnknownOrCancelledJob_OrOneWithoutFailures()
    {
        var clean = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "ok")));
        var failed = await SubmitAsync(Chunks(1, size: 1));
        var failing = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(failing, new ChunkCompletion(Encoding.UTF8.GetBytes("failed"), 0, 1)));
        var cancelledSecond = await SubmitAsync(Chunks(1, size: 1));
        Assert.True(await Backend.CancelAsync(cancelledSecond.JobId));

        Assert.Equal(0, await Backend.RetryFailedAsync(clean.JobId));
        Assert.Equal(0, await Backend.RetryFailedAsync(cancelledSecond.JobId));
        Assert.Equal(0, await Backend.RetryFailedAsync(NewJobId()));
        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(clean.JobId))!.State);
        Assert.Equal(JobState.Cancelled, (await Backend.GetJobAsync(cancelledSecond.JobId))!.State);
        Assert.Equal(1, (await ProgressAsync(failed.JobId)).Failed);
    }
}
