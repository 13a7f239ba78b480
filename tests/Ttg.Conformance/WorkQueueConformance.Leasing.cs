using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Submit_MakesEveryChunkLeasableExactlyOnce()
    {
        var job = await SubmitAsync(Chunks(5));

        var first = await LeaseAsync(Worker("a"), max: 3);
        var second = await LeaseAsync(Worker("b"), max: 10);
        var third = await LeaseAsync(Worker("c"), max: 10);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(third);
        var all = first.Concat(second).ToList();
        Assert.Equal(5, all.Select(l => l.ChunkId).Distinct().Count());
        Assert.Equal([0L, 10, 20, 30, 40], all.Select(l => l.Start).Order());
        Assert.All(all, l =>
        {
            Assert.Equal(job.JobId, l.JobId);
            Assert.Equal(10, l.Count);
            Assert.Equal(1, l.Attempt);
            Assert.False(string.IsNullOrEmpty(l.Token));
        });
        Assert.All(first, l => Assert.Equal(Worker("a"), l.WorkerId));
    }

    [Fact]
    public async Task Lease_ReturnsEmpty_WhenNothingIsSubmitted()
    {
        Assert.Empty(await LeaseAsync(Worker("a")));
    }

    [Fact]
    public async Task Lease_TakesOnlyJobsOfTheRequestedComputations()
    {
        var other = $"{Computation}-other";
        var otherJob = await SubmitAsync(Chunks(2), computation: other);
        var mine = await SubmitAsync(Chunks(2));

        var leases = await LeaseAsync(Worker("a"));

        Assert.Equal(2, leases.Count);
        Assert.All(leases, l => Assert.Equal(mine.JobId, l.JobId));
        var otherLeases = await Backend.LeaseAsync(new LeaseRequest(Worker("b"), 10, [other]));
        Assert.Equal(2, otherLeases.Count);
        Assert.All(otherLeases, l => Assert.Equal(otherJob.JobId, l.JobId));
    }

    [Fact]
    public async Task Lease_TakesOnlyTheRequestedJobs_WhenJobIdsAreGiven()
    {
        var first = await SubmitAsync(Chunks(2));
        var second = await SubmitAsync(Chunks(2));

        var leases = await LeaseAsync(Worker("a"), jobIds: [second.JobId]);

        Assert.Equal(2, leases.Count);
        Assert.All(leases, l => Assert.Equal(second.JobId, l.JobId));
        Assert.Empty(await LeaseAsync(Worker("a"), jobIds: [second.JobId]));
        Assert.All(await LeaseAsync(Worker("a")), l => Assert.Equal(first.JobId, l.JobId));
    }

    [Fact]
    public async Task Payload_RoundTripsThroughLeaseAndResults()
    {
        var payloads = new[] { "row-a\nrow-b", "row-c" }.Select(Encoding.UTF8.GetBytes).ToArray();
        var job = await SubmitAsync([new ChunkSpec(0, 2, payloads[0]), new ChunkSpec(2, 1, payloads[1]), new ChunkSpec(3, 1)]);

        var leases = (await LeaseAsync(Worker("a"))).OrderBy(l => l.Start).ToList();
        foreach (var lease in leases)
        {
            Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, $"r{lease.Start}")));
        }

        Assert.Equal(["row-a\nrow-b", "row-c", ""], leases.Select(l => Text(l.Payload)));
        var stored = await ReadAllAsync(job.JobId);
        Assert.Equal(["row-a\nrow-b", "row-c", ""], stored.Select(s => Text(s.Payload)));
        Assert.Equal(["r0", "r2", "r3"], stored.Select(s => Text(s.Results)));
    }

    [Fact]
    public async Task Lease_IsNotGivenToAnotherWorker_BeforeItExpires()
    {
        await SubmitAsync(Chunks(1), lease: TimeSpan.FromSeconds(30));
        Assert.Single(await LeaseAsync(Worker("a")));

        Assert.Empty(await LeaseAsync(Worker("b")));
        Assert.Empty(await LeaseAsync(Worker("a")));
    }

    [Fact]
    public async Task Lease_IsReclaimedAfterExpiry_WithTheNextAttemptAndANewToken()
    {
        var job = await SubmitAsync(Chunks(1), lease: ShortLease);
        var first = Assert.Single(await LeaseAsync(Worker("a")));

        var second = Assert.Single(await LeaseEventuallyAsync(Worker("b")));

        Assert.Equal(first.ChunkId, second.ChunkId);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(Worker("b"), second.WorkerId);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(1, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        var status = await Backend.GetChunkStatusAsync(job.JobId, second.ChunkId);
        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("b"), 2), status);
    }

    [Fact]
    public async Task Renew_KeepsALeaseAlivePastItsFirstExpiry()
    {
        await SubmitAsync(Chunks(1), lease: ShortLease);
        var lease = Assert.Single(await LeaseAsync(Worker("a")));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ShortLease * 2)
        {
            await Task.Delay(ShortLease / 4);
            Assert.Single(await Backend.RenewAsync([lease]));
            Assert.Empty(await LeaseAsync(Worker("b")));
        }

        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "ok")));
    }

    [Fact]
    public async Task Renew_OmitsLeasesAlreadyLost()
    {
        // The kept lease belongs to a job with a long lease, so it stays ours without a renewal race: a 1 s lease
        // kept alive by renewing every 100 ms was lost on a busy CI machine when the test stalled for a second.
        var shortJob = await SubmitAsync(Chunks(1), lease: ShortLease);
        var longJob = await SubmitAsync(Chunks(1));
        var lost = Assert.Single(await LeaseAsync(Worker("a"), jobIds: [shortJob.JobId]));
        var kept = Assert.Single(await LeaseAsync(Worker("a"), jobIds: [longJob.JobId]));
        var taken = new List<ChunkLease>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (taken.Count == 0)
        {
            Assert.True(clock.Elapsed < Deadline, "The unrenewed lease was never reclaimed.");
            await Task.Delay(100);
            taken.AddRange(await LeaseAsync(Worker("b"), jobIds: [shortJob.JobId]));
        }

        var renewed = await Backend.RenewAsync([lost, kept]);

        Assert.Equal((shortJob.JobId, lost.ChunkId), (Assert.Single(taken).JobId, taken[0].ChunkId));
        Assert.Equal((longJob.JobId, kept.ChunkId), (Assert.Single(renewed).JobId, renewed[0].ChunkId));
    }
}
