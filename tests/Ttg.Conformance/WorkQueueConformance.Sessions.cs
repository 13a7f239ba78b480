using System.Diagnostics;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

// Worker sessions: a worker that falls silent loses its chunks after its liveness timeout, well before the
// leases (60 s here) would lapse; a heartbeat keeps the session; a worker without a session relies on leases alone.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Session_WhenAWorkerFallsSilent_ItsChunksAreTakenOverLongBeforeItsLeasesExpire()
    {
        var job = await SubmitAsync(Chunks(3), lease: LongLease);
        var silent = await LeaseWithSessionAsync(Worker("silent"), TimeSpan.FromMilliseconds(300), max: 2);
        var plain = Assert.Single(await LeaseAsync(Worker("plain"), max: 1));
        var clock = Stopwatch.StartNew();

        var takenOver = new List<ChunkLease>();
        while (takenOver.Count < 2)
        {
            takenOver.AddRange(await LeaseEventuallyAsync(Worker("next"), max: 2));
        }

        Assert.True(clock.Elapsed < LongLease / 4, $"took {clock.Elapsed} to take over a silent worker's chunks");
        Assert.Equal(silent.Select(l => l.ChunkId).Order(), takenOver.Select(l => l.ChunkId).Order());
        // It had started both: its silence cannot be pinned on either, so neither is charged; both are marked lost.
        Assert.All(takenOver, l => Assert.Equal((1, true), (l.Attempt, l.EarlierHolderLost)));
        Assert.Equal(2, (await ProgressAsync(job.JobId)).ReclaimedChunks);
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(silent[0], Done(silent[0], "zombie")));
        Assert.Empty(await Backend.RenewAsync([silent[1]]));

        // The worker without a session keeps its chunk: only its lease could free it.
        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("plain"), 1), await Backend.GetChunkStatusAsync(job.JobId, plain.ChunkId));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(plain, Done(plain, "plain")));
    }

    [Fact]
    public async Task Heartbeat_KeepsASessionAlivePastItsLivenessTimeout_AndSilenceThenEndsIt()
    {
        var liveness = TimeSpan.FromSeconds(1);
        var job = await SubmitAsync(Chunks(1), lease: LongLease);
        var held = Assert.Single(await LeaseWithSessionAsync(Worker("beating"), liveness));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < liveness * 2)
        {
            await Backend.HeartbeatAsync(Worker("beating"), [job.JobId], liveness);
            Assert.Empty(await LeaseWithSessionAsync(Worker("other"), liveness));
            await Task.Delay(100);
        }

        Assert.Equal(new ChunkStatus(ChunkState.Leased, Worker("beating"), 1), await Backend.GetChunkStatusAsync(job.JobId, held.ChunkId));

        var taken = Assert.Single(await LeaseEventuallyAsync(Worker("other")));
        Assert.Equal(held.ChunkId, taken.ChunkId);
        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(held, Done(held, "late")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(taken, Done(taken, "ok")));
    }

    [Fact]
    public async Task Heartbeat_WithoutLeasesOrForAFinishedJob_ChangesNothing()
    {
        var job = await SubmitAsync(Chunks(1), lease: LongLease);
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(lease, Done(lease, "ok")));

        await Backend.HeartbeatAsync(Worker("a"), [job.JobId], TimeSpan.FromSeconds(1));
        await Backend.HeartbeatAsync(Worker("a"), [], TimeSpan.FromSeconds(1));
        await Backend.HeartbeatAsync(Worker("a"), [job.JobId], TimeSpan.Zero);

        Assert.Equal(JobState.Completed, (await Backend.GetJobAsync(job.JobId))!.State);
        Assert.Empty(await LeaseAsync(Worker("b")));
    }

    private Task<IReadOnlyList<ChunkLease>> LeaseWithSessionAsync(string worker, TimeSpan liveness, int max = 100) =>
        Backend.LeaseAsync(new LeaseRequest(worker, max, [Computation]) { Liveness = liveness });
}
