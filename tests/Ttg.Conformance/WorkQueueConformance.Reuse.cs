using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

// A job that reuses an earlier job's results submits those chunks with their results: they are stored completed,
// counted done and never leased, so workers compute only the rest.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Submit_WithKnownResults_StoresThoseChunksCompleted_AndLeasesOnlyTheRest()
    {
        var job = await SubmitAsync(
        [
            new ChunkSpec(0, 2) { Completed = Known("copied-0", 2) },
            new ChunkSpec(2, 3),
            new ChunkSpec(5, 1, Encoding.UTF8.GetBytes("row-5")) { Completed = Known("copied-5", 1) },
            new ChunkSpec(6, 4),
        ]);

        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((JobState.Running, 3L, 2L, 2L), (progress.Job.State, progress.Succeeded, progress.CompletedChunks, progress.PendingChunks));
        var copied = await ReadAllAsync(job.JobId);
        Assert.Equal([(0L, 2, "copied-0", ""), (5L, 1, "copied-5", "row-5")], copied.Select(c => (c.Start, c.Count, Text(c.Results), Text(c.Payload))));

        var leases = (await LeaseAsync(Worker("a"))).OrderBy(l => l.Start).ToList();
        Assert.Equal([2L, 6L], leases.Select(l => l.Start));
        Assert.Equal([LeaseOutcome.Accepted, LeaseOutcome.Accepted], await Backend.CompleteManyAsync([.. leases.Select(l => new ChunkCompletionRequest(l, Done(l, $"ok-{l.Start}")))]));

        var done = await ProgressAsync(job.JobId);
        Assert.Equal((JobState.Completed, 10L, 4L), (done.Job.State, done.Succeeded, done.CompletedChunks));
        Assert.Equal(["copied-0", "ok-2", "copied-5", "ok-6"], (await ReadAllAsync(job.JobId)).Select(c => Text(c.Results)));
    }

    [Fact]
    public async Task Submit_WhoseEveryResultIsKnown_IsCompleteAtOnce_AndLeasesNothing()
    {
        var job = await SubmitAsync([new ChunkSpec(0, 3) { Completed = Known("a", 3) }, new ChunkSpec(3, 2) { Completed = Known("b", 2) }]);

        Assert.Equal(JobState.Completed, job.State);
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((JobState.Completed, 5L, 0L, 0L), (progress.Job.State, progress.Succeeded, progress.PendingChunks, progress.LeasedChunks));
        Assert.NotNull(progress.Job.FinishedAt);
        Assert.Empty(await LeaseAsync(Worker("a")));
    }

    private static ChunkCompletion Known(string text, int succeeded) => new(Encoding.UTF8.GetBytes(text), succeeded, 0);
}
