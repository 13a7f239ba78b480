using System.Diagnostics;
using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Retry_HidesTheChunkUntilTheDelayPassed_ThenLeasesItWithTheNextAttempt()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        var clock = Stopwatch.StartNew();

        Assert.Equal(LeaseOutcome.Accepted, await Backend.RetryAsync(lease, TimeSpan.FromMilliseconds(800)));
        var immediately = await LeaseAsync(Worker("b"));
        var pending = await ProgressAsync(job.JobId);
        var again = Assert.Single(await LeaseEventuallyAsync(Worker("b")));

        Assert.Empty(immediately);
        Assert.Equal(1, pending.PendingChunks);
        Assert.Equal(0, pending.LeasedChunks);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"Leased again after {clock.Elapsed}.");
        Assert.Equal(lease.ChunkId, again.ChunkId);
        Assert.Equal(2, again.Attempt);
        Assert.Equal(0, (await ProgressAsync(job.JobId)).ReclaimedChunks);
    }

    [Fact]
    public async Task Retry_IsRejected_WhenTheLeaseWasLost()
    {
        await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "done")));

        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.RetryAsync(lease, TimeSpan.Zero));
        Assert.Empty(await LeaseAsync(Worker("b")));
    }

    [Fact]
    public async Task Split_ReplacesTheChunkByPendingPartsWithAFreshAttemptBudget()
    {
        var payload = Encoding.UTF8.GetBytes("abcdefghij");
        var job = await SubmitAsync([new ChunkSpec(0, 10, payload), new ChunkSpec(10, 10, payload)], maxAttempts: 1);
        var leases = (await LeaseAsync(Worker("a"))).OrderBy(l => l.Start).ToList();
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(leases[1], Done(leases[1], "second")));
        var parent = leases[0];

        var outcome = await Backend.SplitAsync(parent, [new ChunkSpec(0, 4, payload[..4]), new ChunkSpec(4, 6, payload[4..])]);
        var afterSplit = await ProgressAsync(job.JobId);
        var parts = (await LeaseAsync(Worker("b"))).OrderBy(l => l.Start).ToList();

        Assert.Equal(LeaseOutcome.Accepted, outcome);
        Assert.Equal(2, afterSplit.PendingChunks);
        Assert.Equal(0, afterSplit.LeasedChunks);
        Assert.Equal(ChunkState.Split, (await Backend.GetChunkStatusAsync(job.JobId, parent.ChunkId))?.State);
        Assert.Equal([0L, 4], parts.Select(p => p.Start));
        Assert.Equal([4, 6], parts.Select(p => p.Count));
        Assert.Equal(["abcd", "efghij"], parts.Select(p => Text(p.Payload)));
        Assert.All(parts, p => Assert.Equal(1, p.Attempt));
        Assert.DoesNotContain(parts, p => p.ChunkId == parent.ChunkId || p.ChunkId == leases[1].ChunkId);
        Assert.NotEqual(parts[0].ChunkId, parts[1].ChunkId);

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(parts[1], new ChunkCompletion(Encoding.UTF8.GetBytes("p4"), 5, 1)));
        Assert.Equal(JobState.Running, (await ProgressAsync(job.JobId)).Job.State);
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(parts[0], new ChunkCompletion(Encoding.UTF8.GetBytes("p0"), 0, 4)));

        var stored = await ReadAllAsync(job.JobId);
        Assert.Equal([0L, 4, 10], stored.Select(s => s.Start));
        Assert.Equal([4, 6, 10], stored.Select(s => s.Count));
        Assert.Equal(["p0", "p4", "second"], stored.Select(s => Text(s.Results)));
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.Equal(15, progress.Succeeded);
        Assert.Equal(5, progress.Failed);
        Assert.Equal(3, progress.CompletedChunks);
        Assert.Equal(2, job.ChunkCount);
    }

    [Fact]
    public async Task Split_IsRejected_WhenTheLeaseWasLost()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        await Backend.ReleaseAsync([lease]);
        Assert.Single(await LeaseAsync(Worker("b")));

        var outcome = await Backend.SplitAsync(lease, [new ChunkSpec(0, 5), new ChunkSpec(5, 5)]);

        Assert.Equal(LeaseOutcome.LeaseLost, outcome);
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal(1, progress.LeasedChunks);
        Assert.Equal(0, progress.PendingChunks);
    }
}
