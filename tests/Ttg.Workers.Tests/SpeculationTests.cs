using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>An idle worker copies a chunk straggling on a slow node; the first completion is the one recorded.</summary>
public sealed class SpeculationTests : IAsyncLifetime
{
    private static readonly TimeSpan FastParameter = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SlowParameter = TimeSpan.FromSeconds(2);
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ASlowNodesChunk_IsCopiedOnceNothingIsPending_AndTheCopyIsRecordedOnce()
    {
        var (elapsed, progress, slow) = await RunWithASlowNodeAsync(speculate: true);

        // Ten chunks of ten: the fast worker is done with nine after 9 s; the slow node's chunk would take 20 s.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(13));
        Assert.Equal((100, 0), (progress.Succeeded, progress.Failed));
        Assert.Equal(100, (await _harness.OutcomesAsync(progress.Job.JobId)).Count);
        // Pending reaches 0 at about 8 s, when the slow node may be between two parameters: it may then hand back its
        // last 3 before the copy is made, and the copy covers the 7 it kept.
        Assert.Equal((1L, 1L, 0L), (progress.Speculation.Copies, progress.Speculation.Won, progress.Speculation.Wasted));
        Assert.Contains(progress.Speculation.CopiedParameters, new long[] { 7, 10 });
        Assert.Equal(0, slow.ParametersSucceeded);
        Assert.Equal(100, progress.ParametersByWorker["fast"]);
    }

    [Fact]
    public async Task WithSpeculationOff_TheSlowNodeHandsBackHalfOfWhatIsLeft_AndStillSetsTheWallTime()
    {
        var (elapsed, progress, slow) = await RunWithASlowNodeAsync(speculate: false);

        // Its 20 s chunk hands tails back once nothing is pending (at 10 s, then 12 s), keeping half of what is left
        // each time as if both workers were as fast: about 14 s, against 9-13 s with a copy and 20 s computed whole.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(19));
        Assert.Equal(100, (await _harness.OutcomesAsync(progress.Job.JobId)).Count);
        Assert.Equal(WorkQueue.JobSpeculation.None, progress.Speculation);
        Assert.InRange(slow.ParametersSucceeded, 5, 9);
    }

    /// <summary>Two workers of one compute slot each, one 20 times slower; returns the fake time the job took.</summary>
    private async Task<(TimeSpan Elapsed, WorkQueue.JobProgress Progress, WorkerStats Slow)> RunWithASlowNodeAsync(bool speculate)
    {
        var fastRegistry = _harness.Sleeping("sweep", FastParameter);
        var slowRegistry = _harness.Sleeping("sweep", SlowParameter);
        var jobId = await _harness.SubmitAsync(fastRegistry, new JobSpec { Computation = "sweep", Params = 100, ChunkSize = 10, AsyncConcurrency = 1, Lease = TimeSpan.FromSeconds(30), Speculate = speculate });
        using var slow = _harness.NewWorker(slowRegistry, jobId, "slow", concurrency: 1);
        using var fast = _harness.NewWorker(fastRegistry, jobId, "fast", concurrency: 1);
        var started = _harness.Clock.GetUtcNow();

        // The slow node leases first, so its one chunk is the straggler.
        var slowRun = slow.RunAsync(CancellationToken.None);
        await _harness.DriveUntilAsync(() => slow.Context.Book.Held.Any(c => c.Started), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        var fastRun = fast.RunAsync(CancellationToken.None);
        await _harness.DriveAsync(Task.WhenAll(slowRun, fastRun), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));

        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(WorkQueue.JobState.Completed, progress.Job.State);
        return (progress.Job.FinishedAt!.Value - started, progress, slow.Stats);
    }
}
