using Ttg.Jobs;
using Ttg.Workers.Faults;

namespace Ttg.Workers.Tests;

/// <summary>The chunk runner sorts faults: a worker's never reaches a parameter, a parameter's still does.</summary>
public sealed class ChunkRunnerTests : IAsyncLifetime
{
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SetupFailingOnThisWorker_RecordsNoParameterAsFailed_AndAHealthyWorkerComputesEveryOne()
    {
        var modelMissing = false;
        var registry = new ComputationRegistry().AddConfigured("model", _ =>
        {
            if (modelMissing)
            {
                throw new FileNotFoundException("Could not find file '/models/model.bin'.");
            }

            return (p, _) => ValueTask.FromResult<Result>(p.Index * 2.0);
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "model", Params = 200, ChunkSize = 10 });

        modelMissing = true; // Set up fine at submit; this node lacks the file.
        using var bad = _harness.NewWorker(registry, jobId, "bad-node");
        var badReport = await _harness.DriveAsync(bad.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.Equal(WorkerFaultKind.Setup, badReport.Fault?.Kind);
        Assert.Contains("model.bin", badReport.Fault!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, badReport.ParametersFailed);
        var afterBad = await _harness.ProgressAsync(jobId);
        Assert.Equal(0, afterBad.Failed);
        Assert.Equal(0, afterBad.LeasedChunks); // handed back at once, not left to lapse
        var note = Assert.Single(await _harness.Store.ListWorkersAsync(jobId), w => w.WorkerId == "bad-node");
        Assert.StartsWith("setup failed: ", note.Fault, StringComparison.Ordinal);
        Assert.Contains("model.bin", note.Fault, StringComparison.Ordinal);

        modelMissing = false;
        using var good = _harness.NewWorker(registry, jobId, "good-node");
        var goodReport = await _harness.DriveAsync(good.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.Null(goodReport.Fault);
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(200, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.True(o.Succeeded));
        Assert.All(outcomes.Values, o => Assert.Equal(o.Index * 2.0, o.Result.Scalar.AsDouble()));
    }

    [Fact]
    public async Task WorkerFaultFromTheComputation_StopsTheWorker_AndTheParameterKeepsItsAttempts()
    {
        var toolInstalled = false;
        var registry = new ComputationRegistry().Add("tool", p =>
            toolInstalled ? p.Index + 1 : throw new WorkerFaultException("the program 'sim' was not found on this machine"));
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "tool", Params = 50, ChunkSize = 5, MaxAttempts = 1 });

        using var first = _harness.NewWorker(registry, jobId, "w1");
        var report = await _harness.DriveAsync(first.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.Equal(WorkerFaultKind.Environment, report.Fault?.Kind);
        Assert.Equal("the program 'sim' was not found on this machine", report.Fault!.Reason);
        Assert.Equal(0, (await _harness.ProgressAsync(jobId)).Failed);

        // With one attempt allowed, a spent attempt would have isolated and failed parameters: none was spent.
        toolInstalled = true;
        using var second = _harness.NewWorker(registry, jobId, "w2");
        await _harness.DriveAsync(second.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(50, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.True(o.Succeeded, $"parameter {o.Index} failed: {o.Failure}"));
    }

    [Fact]
    public async Task ParameterFault_IsStillRecordedAgainstThatParameterAlone()
    {
        var registry = new ComputationRegistry().Add("poison", p => p.Index == 17 ? throw new InvalidOperationException("bad input 17") : p.Index);
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "poison", Params = 40, ChunkSize = 10 });

        using var worker = _harness.NewWorker(registry, jobId, "w1");
        var report = await _harness.DriveAsync(worker.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(100));

        Assert.Null(report.Fault);
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(40, outcomes.Count);
        var failed = Assert.Single(outcomes.Values, o => !o.Succeeded);
        Assert.Equal(17, failed.Index);
        Assert.Contains("bad input 17", failed.Failure!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkAnEarlierHolderDiedComputing_IsMarkedStartedBeforeItsComputingBegins()
    {
        long? startedWhenComputingBegan = null;
        var registry = new ComputationRegistry().Add("probe", p =>
        {
            // Read before anything else the computation does: a mark sent in the background would not be in yet.
            startedWhenComputingBegan ??= _harness.ReadScalar("SELECT started FROM chunks");
            return p.Index;
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "probe", Params = 1, ChunkSize = 1, MaxAttempts = 5 });
        var died = Assert.Single(await _harness.Store.LeaseAsync(new WorkQueue.LeaseRequest("died", 1, ["probe"]) { StartNow = 1 }));
        await _harness.Store.ReleaseWorkerAsync("died");

        using var worker = _harness.NewWorker(registry, jobId, "w1");
        await _harness.DriveAsync(worker.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.True(died.StartedAtLease);
        Assert.Equal(1, startedWhenComputingBegan);
        var outcome = Assert.Single((await _harness.OutcomesAsync(jobId)).Values);
        Assert.True(outcome.Succeeded);
    }
    [Fact]
    public async Task AChunkAnEarlierHolderWasLostComputing_IsComputedAlone_AndNoChunkIsCharged()
    {
        var computed = new System.Collections.Concurrent.ConcurrentDictionary<long, (DateTimeOffset From, DateTimeOffset To)>();
        var registry = new ComputationRegistry().Add("timed", async (p, ct) =>
        {
            var from = _harness.Clock.GetUtcNow();
            await Task.Delay(TimeSpan.FromMilliseconds(200), _harness.Clock, ct);
            computed[p.Index] = (from, _harness.Clock.GetUtcNow());
            return (Result)p.Index;
        });

        // One attempt each: a death charged to any chunk would record its parameter as failed.
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "timed", Params = 12, ChunkSize = 1, MaxAttempts = 1, Speculate = false });
        var died = await _harness.Store.LeaseAsync(new WorkQueue.LeaseRequest("died", 2, ["timed"]) { StartNow = 2 });
        await _harness.Store.ReleaseWorkerAsync("died"); // it had started two: pinned on neither

        using var worker = _harness.NewWorker(registry, jobId, "w1", concurrency: 4);
        var report = await _harness.DriveAsync(worker.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(20));

        Assert.Null(report.Fault);
        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal((12L, 0L), (progress.Succeeded, progress.Failed));
        Assert.Equal(12, computed.Count);
        foreach (var lost in died.Select(l => l.Start))
        {
            var alone = computed[lost];
            var beside = computed.Where(c => c.Key != lost && c.Value.From < alone.To && alone.From < c.Value.To).Select(c => c.Key).ToList();
            Assert.True(beside.Count == 0, $"parameter {lost}, lost once, was computed beside {string.Join(", ", beside)}");
        }

        // The others did share the worker's four slots.
        var shared = computed.Count(a => computed.Any(b => b.Key != a.Key && b.Value.From < a.Value.To && a.Value.From < b.Value.To));
        Assert.True(shared >= 4, $"only {shared} parameters were computed beside another: the worker did not compute in parallel");
    }
    [Fact]
    public async Task AChunkHangingWithNoTimeLimit_HoldsUpALostChunkOnlyForTheTurnWait_AndTheWorkerCarriesOn()
    {
        var computed = new System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset>();
        var registry = new ComputationRegistry().Add("hangs", async (p, ct) =>
        {
            // Parameter 0 never returns (no --timeout to end it); the rest take 100 ms.
            await Task.Delay(p.Index == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(100), _harness.Clock, ct);
            computed[p.Index] = _harness.Clock.GetUtcNow();
            return (Result)p.Index;
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "hangs", Params = 10, ChunkSize = 1, Speculate = false });
        using var worker = _harness.NewWorker(registry, jobId, "w1", concurrency: 2);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await _harness.DriveUntilAsync(() => worker.Context.Book.Held.Any(c => c.Started && c.Lease.Start == 0), TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(1));

        // Two chunks lost by another worker while parameter 0 hangs here: each waits for its turn to compute alone.
        var died = await _harness.Store.LeaseAsync(new WorkQueue.LeaseRequest("died", 2, ["hangs"]) { StartNow = 2 });
        await _harness.Store.ReleaseWorkerAsync("died");
        var lostAt = _harness.Clock.GetUtcNow();
        await _harness.DriveUntilAsync(() => computed.Count == 9, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

        Assert.Equal(2, died.Count);
        Assert.All(died, l => Assert.True(computed[l.Start] - lostAt >= SoloGate.TurnWait, $"parameter {l.Start} did not wait for its turn"));
        await stop.CancelAsync();
        await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        var progress = await _harness.ProgressAsync(jobId);
        Assert.Equal((9L, 0L), (progress.Succeeded, progress.Failed));
    }
}
