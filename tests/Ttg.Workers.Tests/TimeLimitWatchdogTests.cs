using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>
/// The watchdog against a parameter that ignores its time limit, with speculative copies in play: no worker stays
/// wedged on a hung parameter, whether it holds the chunk, a copy of it or a lease already taken over, and no chunk
/// stays leased once its holders have left.
/// </summary>
public sealed class TimeLimitWatchdogTests : IAsyncLifetime
{
    private static readonly TimeSpan Parameter = TimeSpan.FromMilliseconds(100);
    private readonly SemaphoreSlim _never = new(0);
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync()
    {
        _never.Release(100); // lets the hung parameters end, so the test leaves no task behind
        await _harness.DisposeAsync();
        _never.Dispose();
    }

    [Fact]
    public async Task ACopyThatHangsOnTheSameParameter_LeavesToo_AndTheChunkGoesBackForOthers()
    {
        // Ten chunks of five; parameter 3 never returns and ignores its cancellation. The first worker holds chunk
        // 0..4; the second computes the other nine, then copies the straggler (well within 5 x the limit) and hangs too.
        var hangs = HangingOn(3);
        var jobId = await _harness.SubmitAsync(hangs, Spec(chunkSize: 5, timeout: TimeSpan.FromSeconds(10)));
        using var holder = _harness.NewWorker(hangs, jobId, "holder", concurrency: 1);
        using var copier = _harness.NewWorker(hangs, jobId, "copier", concurrency: 1);

        var (holding, copying) = await StartHolderFirstAsync(holder, copier, c => c.Started);
        await _harness.DriveUntilAsync(() => copier.Context.Book.Held.Any(c => c.IsCopy), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(20));
        await _harness.DriveAsync(Task.WhenAll(holding, copying), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));

        Assert.Equal((jobId, 3L), holder.HungParameter);
        Assert.Equal((jobId, 3L), copier.HungParameter);
        var afterBoth = await _harness.ProgressAsync(jobId);
        Assert.Equal(0, afterBoth.LeasedChunks); // nobody left holds anything
        Assert.Equal(0, afterBoth.Failed); // the hung parameter went back split, with its attempt
        Assert.Equal(1, afterBoth.Speculation.Copies);

        using var finisher = _harness.NewWorker(_harness.Sleeping("sweep", Parameter), jobId, "finisher", concurrency: 1);
        await _harness.DriveAsync(finisher.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(50, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.True(o.Succeeded));
    }

    [Fact]
    public async Task ACopyThatHangsWhileItsHolderStillComputes_HandsOnlyItsCopyBack_AndTheHolderFinishes()
    {
        // The parameter hangs only on the copier's node. The holder is slow (4 s a parameter, under the 5 s limit),
        // so the copier's watchdog fires while the holder still owns the chunk: the copy goes back, the chunk stays.
        var hangsHere = HangingOn(3);
        var slow = _harness.Sleeping("sweep", TimeSpan.FromSeconds(4));
        var jobId = await _harness.SubmitAsync(hangsHere, Spec(chunkSize: 5, timeout: TimeSpan.FromSeconds(5)));
        using var holder = _harness.NewWorker(slow, jobId, "holder", concurrency: 1);
        using var copier = _harness.NewWorker(hangsHere, jobId, "copier", concurrency: 1);

        var (holding, copying) = await StartHolderFirstAsync(holder, copier, c => c.Started);
        await _harness.DriveAsync(copying, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        Assert.Equal((jobId, 3L), copier.HungParameter);
        Assert.Equal(0, copier.Stats.LeasesLost); // it handed its copy back; it did not try to fail the holder's chunk
        Assert.False(holding.IsCompleted);

        await _harness.DriveAsync(holding, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        Assert.Null(holder.HungParameter);
        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal(new WorkQueue.JobSpeculation(Copies: 1, Won: 0, Wasted: 1, CopiedParameters: 5), progress.Speculation);
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(50, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.True(o.Succeeded));
    }

    [Fact]
    public async Task AChunkRunningPastItsLimit_IsNotCopied_SoOnlyItsHolderHangsOnIt()
    {
        // One-parameter chunks with a 1 s limit: once parameter 0 has run 1 s it is past its limit and its holder
        // hands it back after the grace; a copy would only hang a second worker on it.
        var hangs = HangingOn(0);
        var jobId = await _harness.SubmitAsync(hangs, Spec(chunkSize: 1, timeout: TimeSpan.FromSeconds(1)));
        using var holder = _harness.NewWorker(hangs, jobId, "holder", concurrency: 1);
        using var idle = _harness.NewWorker(hangs, jobId, "idle", concurrency: 1);

        var (holding, idling) = await StartHolderFirstAsync(holder, idle, c => c.Started && c.Lease.Start == 0);
        await _harness.DriveAsync(holding, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        Assert.Equal((jobId, 0L), holder.HungParameter);
        Assert.Null(idle.HungParameter);
        Assert.Equal(0, (await _harness.ProgressAsync(jobId)).Speculation.Copies);
        Assert.Equal(49, idle.Stats.ParametersSucceeded);

        // The retry then hangs the other worker, as it must: the parameter's own attempts decide, one worker at a time.
        await _harness.DriveAsync(idling, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal((jobId, 0L), idle.HungParameter);
    }

    /// <summary>Starts <paramref name="holder"/>, waits until it holds a chunk that <paramref name="holds"/>, then starts <paramref name="other"/>.</summary>
    private async Task<(Task<WorkerReport> Holder, Task<WorkerReport> Other)> StartHolderFirstAsync(Worker holder, Worker other, Func<InFlightChunk, bool> holds)
    {
        var holding = holder.RunAsync(CancellationToken.None);
        await _harness.DriveUntilAsync(() => holder.Context.Book.Held.Any(holds), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        return (holding, other.RunAsync(CancellationToken.None));
    }

    private static JobSpec Spec(int chunkSize, TimeSpan timeout) =>
        new() { Computation = "sweep", Params = 50, ChunkSize = chunkSize, AsyncConcurrency = 1, Lease = TimeSpan.FromSeconds(30), Timeout = timeout, Speculate = true };

    /// <summary>Parameters take 100 ms of fake time; <paramref name="index"/> waits for ever and ignores its token.</summary>
    private ComputationRegistry HangingOn(long index) =>
        new ComputationRegistry().Add("sweep", async (p, ct) =>
        {
            if (p.Index == index)
            {
                await _never.WaitAsync(CancellationToken.None);
            }

            await Task.Delay(Parameter, _harness.Clock, ct);
            return (Result)p.Index;
        });
}
