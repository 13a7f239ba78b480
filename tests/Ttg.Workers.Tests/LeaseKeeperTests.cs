using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>The lease keeper holds a worker's chunks for as long as it computes them, and no longer.</summary>
public sealed class LeaseKeeperTests : IAsyncLifetime
{
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ChunksComputingFarLongerThanTheLeaseAndLiveness_StayWithTheirWorker()
    {
        var registry = _harness.Sleeping("slow", TimeSpan.FromSeconds(30)); // 30 s a parameter against a 5 s lease and 2 s liveness
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow", Params = 4, ChunkSize = 1 });
        using var first = _harness.NewWorker(registry, jobId, "w1");
        using var second = _harness.NewWorker(registry, jobId, "w2");

        var runs = Task.WhenAll(first.RunAsync(CancellationToken.None), second.RunAsync(CancellationToken.None));
        await _harness.DriveAsync(runs, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));

        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(4, progress.Succeeded);
        Assert.Equal(0, progress.ReclaimedChunks);
        Assert.Equal(0, first.Stats.LeasesLost + second.Stats.LeasesLost);
    }

    [Fact]
    public async Task AWorkerThatStopsGracefully_EndsItsSession_SoTheStoreCountsItGoneAtOnce()
    {
        var registry = _harness.Sleeping("slow", TimeSpan.FromSeconds(30)); // each chunk outlasts the 5 s grace period
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow", Params = 6, ChunkSize = 1 });
        using var worker = _harness.NewWorker(registry, jobId, "w1");
        using var stop = new CancellationTokenSource();

        var run = worker.RunAsync(stop.Token);
        await _harness.DriveUntilAsync(() => worker.Stats.ChunksCompleted >= 2, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Assert.True((await _harness.Store.ListWorkersAsync(jobId)).Single().Alive);
        await stop.CancelAsync();
        await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        // No fake time passes once the worker has returned: a session left to lapse would still count as live for its 2 s.
        var gone = (await _harness.Store.ListWorkersAsync(jobId)).Single();
        Assert.False(gone.Alive);
        Assert.Equal(0, gone.ChunksHeld);
        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(0, progress.LeasedChunks);
        Assert.Equal(0, progress.ReclaimedChunks);
        Assert.Equal(6, progress.CompletedChunks + progress.PendingChunks);
    }
}
