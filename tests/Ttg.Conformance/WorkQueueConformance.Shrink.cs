using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    private static ChunkSpec Part(long start, int count, string rows = "") => new(start, count, Encoding.UTF8.GetBytes(rows));

    [Fact]
    public async Task Shrink_KeepsTheHeadUnderTheSameLease_AndTheTailIsLeasedElsewhere_EachParameterRecordedOnce()
    {
        var job = await SubmitAsync(Chunks(1));
        var held = Assert.Single(await LeaseAsync(Worker("a")));

        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(held, Part(0, 4), Part(4, 6)));

        var head = held with { Count = 4 };
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((1L, 1L), (progress.PendingChunks, progress.LeasedChunks));
        var tail = Assert.Single(await LeaseAsync(Worker("b")));
        Assert.Equal((4L, 6, 1), (tail.Start, tail.Count, tail.Attempt));
        Assert.NotEqual(held.ChunkId, tail.ChunkId);
        Assert.Single(await Backend.RenewAsync([head]));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(tail, Done(tail, "tail")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(head, Done(head, "head")));

        var stored = (await ReadAllAsync(job.JobId)).OrderBy(c => c.Start).ToList();
        Assert.Equal([(0L, 4, "head"), (4L, 6, "tail")], stored.Select(c => (c.Start, c.Count, Text(c.Results))));
        progress = await ProgressAsync(job.JobId);
        Assert.Equal((10L, 2L, JobState.Completed), (progress.Succeeded, progress.CompletedChunks, progress.Job.State));
        Assert.Equal((4L, 6L), (progress.ParametersByWorker[Worker("a")], progress.ParametersByWorker[Worker("b")]));
    }

    [Fact]
    public async Task Shrink_IsDeclined_WhileAnotherChunkIsPending_OrForACopiedChunk_AndACopyCannotShrink()
    {
        var job = await SubmitAsync(Chunks(2));
        var first = Assert.Single(await LeaseAsync(Worker("a"), max: 1));
        Assert.Equal(ShrinkOutcome.Declined, await Backend.ShrinkAsync(first, Part(first.Start, 4), Part(first.Start + 4, 6)));

        var second = Assert.Single(await LeaseAsync(Worker("b"), max: 1));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("c"), job.JobId));
        Assert.NotNull(copy);
        var (copied, other) = copy.ChunkId == first.ChunkId ? (first, second) : (second, first);

        Assert.Equal(ShrinkOutcome.Declined, await Backend.ShrinkAsync(copied, Part(copied.Start, 4), Part(copied.Start + 4, 6)));
        Assert.Equal(ShrinkOutcome.LeaseLost, await Backend.ShrinkAsync(copy, Part(copy.Start, 4), Part(copy.Start + 4, 6)));
        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(other, Part(other.Start, 4), Part(other.Start + 4, 6)));
        Assert.Equal(1, (await ProgressAsync(job.JobId)).PendingChunks);
    }

    [Fact]
    public async Task Shrink_Repeated_AnswersShrunk_AndAddsNothing_AndALostLeaseCannotShrink()
    {
        var job = await SubmitAsync(Chunks(1));
        var held = Assert.Single(await LeaseAsync(Worker("a")));

        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(held, Part(0, 7), Part(7, 3)));
        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(held, Part(0, 7), Part(7, 3)));
        Assert.Equal(1, (await ProgressAsync(job.JobId)).PendingChunks);
        await Assert.ThrowsAsync<ArgumentException>(() => Backend.ShrinkAsync(held, Part(0, 7), Part(8, 2)));

        await Backend.ReleaseAsync([held with { Count = 7 }]);
        Assert.Equal(ShrinkOutcome.LeaseLost, await Backend.ShrinkAsync(held, Part(0, 3), Part(3, 7)));
        var leases = (await LeaseAsync(Worker("b"))).OrderBy(l => l.Start).ToList();
        Assert.Equal([(0L, 7), (7L, 3)], leases.Select(l => (l.Start, l.Count)));
    }

    [Fact]
    public async Task ShrunkChunk_TakenOverFromADeadWorker_OrCopied_HoldsOnlyItsKeptRows()
    {
        var job = await SubmitAsync([Part(0, 10, "0123456789")]);
        var held = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(held, Part(0, 4, "0123"), Part(4, 6, "456789")));

        // The tail only queued, so the copy can only be of the kept head.
        var tail = Assert.Single(await Backend.LeaseAsync(new LeaseRequest(Worker("b"), 10, [Computation]) { StartNow = 0 }));
        Assert.Equal((4L, 6, "456789"), (tail.Start, tail.Count, Text(tail.Payload)));
        var copy = await Backend.LeaseCopyAsync(CopyNow(Worker("c"), job.JobId));
        Assert.Equal((held.ChunkId, 0L, 4, "0123"), (copy?.ChunkId, copy?.Start, copy?.Count, Text(copy?.Payload ?? default)));

        await Backend.ReleaseWorkerAsync(Worker("a"));
        var again = Assert.Single(await LeaseAsync(Worker("d")));
        Assert.Equal((held.ChunkId, 0L, 4, "0123"), (again.ChunkId, again.Start, again.Count, Text(again.Payload)));
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(held with { Count = 4 }, Done(held with { Count = 4 }, "dead")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(again, Done(again, "head")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(tail, Done(tail, "tail")));

        var stored = (await ReadAllAsync(job.JobId)).OrderBy(c => c.Start).ToList();
        Assert.Equal([(0L, 4, "head", "0123"), (4L, 6, "tail", "456789")], stored.Select(c => (c.Start, c.Count, Text(c.Results), Text(c.Payload))));
        Assert.Equal((10L, JobState.Completed), ((await ProgressAsync(job.JobId)).Succeeded, (await ProgressAsync(job.JobId)).Job.State));
    }

    [Fact]
    public async Task ShrunkChunk_SplitsWithinItsKeptRange()
    {
        var job = await SubmitAsync(Chunks(1));
        var held = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(ShrinkOutcome.Shrunk, await Backend.ShrinkAsync(held, Part(0, 4), Part(4, 6)));

        Assert.Equal(LeaseOutcome.Accepted, await Backend.SplitAsync(held with { Count = 4 }, [Part(0, 2), Part(2, 2)]));

        var leases = (await LeaseAsync(Worker("b"))).OrderBy(l => l.Start).ToList();
        Assert.Equal([(0L, 2), (2L, 2), (4L, 6)], leases.Select(l => (l.Start, l.Count)));
        foreach (var lease in leases)
        {
            Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "x")));
        }

        Assert.Equal((10L, JobState.Completed), ((await ProgressAsync(job.JobId)).Succeeded, (await ProgressAsync(job.JobId)).Job.State));
    }
}
