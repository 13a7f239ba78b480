using Ttg.WorkQueue;

namespace Ttg.Conformance;

public abstract partial class WorkQueueConformance
{
    [Fact]
    public async Task Pace_RecordsEachCompletionBatch_PerWorker_OnTheStoreClock()
    {
        var job = await SubmitAsync(Chunks(3));
        var a = await LeaseAsync(Worker("a"), max: 2);
        var b = Assert.Single(await LeaseAsync(Worker("b"), max: 1));
        Assert.Empty((await ProgressAsync(job.JobId)).Pace!.Recent);

        await Backend.CompleteManyAsync([.. a.Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(new byte[] { 1 }, 10, 0)))]);
        await Backend.CompleteAsync(b, new ChunkCompletion(new byte[] { 2 }, 7, 3));

        var pace = (await ProgressAsync(job.JobId)).Pace!;
        Assert.Equal(2, pace.Recent.Count);
        Assert.Equal(20, Assert.Single(pace.Recent, s => s.WorkerId == Worker("a")).Parameters);
        Assert.Equal(10, Assert.Single(pace.Recent, s => s.WorkerId == Worker("b")).Parameters);
        Assert.True(pace.Recent[0].At <= pace.Recent[1].At, "samples come oldest first");
        Assert.All(pace.Recent, s => Assert.InRange(pace.AsOf - s.At, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Pace_IgnoresRejectedCompletions()
    {
        var job = await SubmitAsync(Chunks(1));
        var lease = Assert.Single(await LeaseAsync(Worker("a")));
        await Backend.CompleteAsync(lease, Done(lease, "ok"));

        Assert.Equal(LeaseOutcome.LeaseLost, await Backend.CompleteAsync(lease, Done(lease, "again")));

        Assert.Single((await ProgressAsync(job.JobId)).Pace!.Recent);
    }
}
