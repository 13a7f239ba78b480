using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>A long chunk left at a job's end hands its unstarted tail back, so the idle worker shares it.</summary>
public sealed class ShrinkTests : IAsyncLifetime
{
    private static readonly TimeSpan Parameter = TimeSpan.FromMilliseconds(100);
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TwoWorkers_ThreeChunks_TheLastChunkIsShared_AndEveryParameterIsRecordedOnce()
    {
        // Three chunks of 3 s for two workers: whole chunks end at 6 s (one worker computes two); shared, near 4.5 s.
        var registry = _harness.Sleeping("sweep", Parameter);
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "sweep", Params = 90, ChunkSize = 30, AsyncConcurrency = 1, Lease = TimeSpan.FromSeconds(30), Speculate = false });
        using var first = _harness.NewWorker(registry, jobId, "first", concurrency: 1);
        using var second = _harness.NewWorker(registry, jobId, "second", concurrency: 1);
        var started = _harness.Clock.GetUtcNow();

        var firstRun = first.RunAsync(CancellationToken.None);
        await _harness.DriveUntilAsync(() => first.Context.Book.Held.Any(c => c.Started), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        var secondRun = second.RunAsync(CancellationToken.None);
        await _harness.DriveAsync(Task.WhenAll(firstRun, secondRun), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));

        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(WorkQueue.JobState.Completed, progress.Job.State);
        var elapsed = progress.Job.FinishedAt!.Value - started;
        Assert.InRange(elapsed, TimeSpan.FromSeconds(4.4), TimeSpan.FromSeconds(5.1));
        Assert.Equal((90, 0), (progress.Succeeded, progress.Failed));
        Assert.Equal(90, (await _harness.OutcomesAsync(jobId)).Count);
        Assert.True(progress.CompletedChunks > 3, $"{progress.CompletedChunks} chunks: the last one was not shared");
        Assert.All(progress.ParametersByWorker.Values, n => Assert.InRange(n, 36, 54));
    }

    [Fact]
    public async Task ALoneWorker_ComputesItsFirstChunkWhole_WhileTheSecondIsPending()
    {
        var registry = _harness.Sleeping("sweep", Parameter);
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "sweep", Params = 40, ChunkSize = 20, AsyncConcurrency = 1, Lease = TimeSpan.FromSeconds(30), Speculate = false });
        using var worker = _harness.NewWorker(registry, jobId, "only", concurrency: 1);

        await _harness.DriveAsync(worker.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));

        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal((40L, WorkQueue.JobState.Completed), (progress.Succeeded, progress.Job.State));
        Assert.Equal(40, (await _harness.OutcomesAsync(jobId)).Count);
        var stored = new List<(long Start, int Count)>();
        await foreach (var chunk in _harness.Store.ReadResultsAsync(jobId))
        {
            stored.Add((chunk.Start, chunk.Count));
        }

        Assert.Contains((0L, 20), stored);
    }
}
