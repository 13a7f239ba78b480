using System.Diagnostics;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

// The per-job list of workers: who leased with a session, sent a heartbeat or reported a note, whether its
// session is alive, what it holds and what fault it reported.
public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task ListWorkers_ShowsSessionsAndNotes_WithChunksHeld_ButNotWorkersWithoutASession()
    {
        var job = await SubmitAsync(Chunks(4));
        var before = DateTimeOffset.UtcNow;
        await Backend.LeaseAsync(new LeaseRequest(Worker("a"), 2, [Computation]) { Liveness = TimeSpan.FromSeconds(30) });
        Assert.Single(await LeaseAsync(Worker("plain"), max: 1));
        await Backend.ReportWorkerAsync(new WorkerNote(Worker("b"), [job.JobId]) { Host = "node-7", Fault = "setup failed: FileNotFoundException model.bin" });

        var workers = await Backend.ListWorkersAsync(job.JobId);

        Assert.Equal([Worker("a"), Worker("b")], workers.Select(w => w.WorkerId));
        var (a, b) = (workers[0], workers[1]);
        Assert.True(a.Alive);
        Assert.Equal(2, a.ChunksHeld);
        Assert.Null(a.Host);
        Assert.Null(a.Fault);
        Assert.Null(a.FaultAt);
        Assert.InRange(a.LastSeen, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.False(b.Alive);
        Assert.Equal(0, b.ChunksHeld);
        Assert.Equal("node-7", b.Host);
        Assert.Equal("setup failed: FileNotFoundException model.bin", b.Fault);
        Assert.NotNull(b.FaultAt);
        Assert.Empty(await Backend.ListWorkersAsync(NewJobId()));
    }

    [Fact]
    public async Task ReleaseWorker_OfALeavingWorkerThatHandedEverythingBack_EndsItsSessionAndReclaimsNothing()
    {
        var job = await SubmitAsync(Chunks(3));
        var held = await Backend.LeaseAsync(new LeaseRequest(Worker("leaving"), 2, [Computation]) { Liveness = TimeSpan.FromSeconds(30) });
        Assert.Equal(LeaseOutcome.Accepted, await Backend.CompleteAsync(held[0], Done(held[0], "kept")));
        await Backend.ReleaseAsync([held[1]]);

        Assert.Empty(await Backend.ReleaseWorkerAsync(Worker("leaving")));

        var gone = Assert.Single(await Backend.ListWorkersAsync(job.JobId));
        Assert.False(gone.Alive);
        Assert.Equal(0, gone.ChunksHeld);
        var progress = await ProgressAsync(job.JobId);
        Assert.Equal((0, 2, 1), (progress.ReclaimedChunks, progress.PendingChunks, progress.CompletedChunks));
        Assert.Equal(held[1].Attempt, Assert.Single(await LeaseAsync(Worker("next"), max: 3), l => l.ChunkId == held[1].ChunkId).Attempt);
    }

    [Fact]
    public async Task ReportWorker_KeepsAFaultsFirstTime_ClearsItWithNull_AndKeepsTheHost()
    {
        var job = await SubmitAsync(Chunks(1));
        var note = new WorkerNote(Worker("w"), [job.JobId]) { Host = "node-1", Fault = "disk full" };
        await Backend.ReportWorkerAsync(note);
        var first = Assert.Single(await Backend.ListWorkersAsync(job.JobId)).FaultAt;
        await Task.Delay(20);

        await Backend.ReportWorkerAsync(note);
        Assert.Equal(first, Assert.Single(await Backend.ListWorkersAsync(job.JobId)).FaultAt);

        await Backend.ReportWorkerAsync(new WorkerNote(Worker("w"), [job.JobId]));
        var cleared = Assert.Single(await Backend.ListWorkersAsync(job.JobId));
        Assert.Null(cleared.Fault);
        Assert.Null(cleared.FaultAt);
        Assert.Equal("node-1", cleared.Host);
    }

    [Fact]
    public async Task ListWorkers_ShowsALapsedSessionAsNotAlive_AndAHeartbeatAsSeen()
    {
        var job = await SubmitAsync(Chunks(2));
        await Backend.LeaseAsync(new LeaseRequest(Worker("lapsing"), 1, [Computation]) { Liveness = TimeSpan.FromMilliseconds(200) });
        await Backend.HeartbeatAsync(Worker("beating"), [job.JobId], TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        IReadOnlyList<WorkerSessionInfo> workers;
        do
        {
            await Task.Delay(50);
            workers = await Backend.ListWorkersAsync(job.JobId);
        }
        while (workers.Single(w => w.WorkerId == Worker("lapsing")).Alive && clock.Elapsed < Deadline);

        Assert.False(workers.Single(w => w.WorkerId == Worker("lapsing")).Alive);
        Assert.True(workers.Single(w => w.WorkerId == Worker("beating")).Alive);
        Assert.Equal(0, workers.Single(w => w.WorkerId == Worker("beating")).ChunksHeld);
    }
}
