using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>The lease pump never hoards work another worker could start now.</summary>
public sealed class LeasePumpTests : IAsyncLifetime
{
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task WhileTheCostIsUnknown_AWorkerTakesOnlyWhatItComputesAtOnce_SoALaterWorkerGetsTheRest()
    {
        // Two chunks, two workers: a worker that queued the second chunk behind its first would double the wall time.
        var registry = _harness.Sleeping("slow", TimeSpan.FromSeconds(10));
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow", Params = 2, ChunkSize = 1, Lease = TimeSpan.FromMinutes(5) });
        using var first = _harness.NewWorker(registry, jobId, "w1", concurrency: 1);
        using var second = _harness.NewWorker(registry, jobId, "w2", concurrency: 1);

        var firstRun = first.RunAsync(CancellationToken.None);
        await _harness.DriveUntilAsync(() => first.Context.Book.Held.Any(c => c.Started), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        await _harness.DriveUntilAsync(() => first.Context.Book.Held.Count > 1 || Elapsed(first) > TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        var secondRun = second.RunAsync(CancellationToken.None);
        await _harness.DriveAsync(Task.WhenAll(firstRun, secondRun), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.Equal(1, first.Stats.ParametersSucceeded);
        Assert.Equal(1, second.Stats.ParametersSucceeded);
    }

    [Fact]
    public async Task QueuedChunks_ArePutAsideDuringAnOutage_AndHandedBackWhenTheStoreAnswers()
    {
        var registry = _harness.Sleeping("slow", TimeSpan.FromSeconds(10));
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow", Params = 20, ChunkSize = 1, Lease = TimeSpan.FromMinutes(5) });
        using var worker = _harness.NewWorker(registry, jobId, "w1", concurrency: 1, prefetch: 5);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await _harness.DriveUntilAsync(() => Queued(worker) == 5, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        var outage = _harness.HoldWriteLock();
        await _harness.DriveUntilAsync(() => worker.Context.Outage.IsActive, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Assert.Equal(0, Queued(worker)); // held, and neither computing nor computed: none
        Assert.True(worker.Context.Book.HasParked);
        outage.Dispose();
        await _harness.DriveUntilAsync(() => !worker.Context.Book.HasParked && !worker.Context.Outage.IsActive, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        await stop.CancelAsync();
        var report = await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(50));
        Assert.Null(report.Fault);
        Assert.True(report.Released > 0, "the parked chunks should have been handed back");
        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(0, progress.LeasedChunks);
        Assert.Equal(0, progress.Failed);
        Assert.Equal(progress.Succeeded, (await _harness.OutcomesAsync(jobId)).Count);
    }

    [Fact]
    public async Task AWorkerThatDiesWhileItSetsUp_SpendsNoAttempt_OnTheChunksItHolds()
    {
        using var setUp = new ManualResetEventSlim(initialState: true); // open while the job is checked at submit
        var registry = new ComputationRegistry().AddConfigured("slow-setup", _ =>
        {
            setUp.Wait(TimeSpan.FromMinutes(1)); // loading data, warming up: nothing is computed yet
            return (p, _) => ValueTask.FromResult((Result)p.Index);
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow-setup", Params = 4, ChunkSize = 1, Lease = TimeSpan.FromMinutes(5) });
        setUp.Reset();
        using var worker = _harness.NewWorker(registry, jobId, "doomed", concurrency: 2);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await _harness.DriveUntilAsync(() => worker.Context.Book.Held.Count(c => c.Started) == 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10));
        var held = worker.Context.Book.Held.Select(c => c.Lease).ToList();

        await _harness.Store.ReleaseWorkerAsync("doomed"); // it died setting up

        foreach (var lease in held)
        {
            Assert.Equal(0, (await _harness.Store.GetChunkStatusAsync(jobId, lease.ChunkId))!.Attempts);
        }

        setUp.Set();
        await stop.CancelAsync();
        await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task OnlyChunksARunnerBegan_SpendAnAttempt_WhenTheirWorkerDies()
    {
        var registry = _harness.Sleeping("slow", TimeSpan.FromSeconds(10));
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "slow", Params = 20, ChunkSize = 1, Lease = TimeSpan.FromMinutes(5) });
        using var worker = _harness.NewWorker(registry, jobId, "doomed", concurrency: 1, prefetch: 5);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await _harness.DriveUntilAsync(() => Queued(worker) == 5 && worker.Context.Book.Held.Count(c => c.StartedInStore) == 1, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        var started = worker.Context.Book.Held.Single(c => c.Started).Lease;
        var queued = worker.Context.Book.Held.Where(c => !c.Started).Select(c => c.Lease).ToList();

        // What a parent does the moment its child dies.
        await _harness.Store.ReleaseWorkerAsync("doomed");

        Assert.Equal(1, (await _harness.Store.GetChunkStatusAsync(jobId, started.ChunkId))!.Attempts);
        foreach (var lease in queued)
        {
            Assert.Equal(0, (await _harness.Store.GetChunkStatusAsync(jobId, lease.ChunkId))!.Attempts);
        }

        await stop.CancelAsync();
        await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(50));
    }

    private TimeSpan Elapsed(Worker worker) => _harness.Clock.GetElapsedTime(worker.Context.StartedAt);

    private static int Queued(Worker worker) => worker.Context.Book.Held.Count(c => !c.Started && !c.Parked);
}
