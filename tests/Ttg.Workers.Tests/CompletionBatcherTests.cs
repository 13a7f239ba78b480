using Ttg.Jobs;

namespace Ttg.Workers.Tests;

/// <summary>The completion batcher keeps computed results through an outage of any length and stores each once.</summary>
public sealed class CompletionBatcherTests : IAsyncLifetime
{
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ATwentyMinuteOutage_IsWaitedOut_AndEveryResultIsStoredExactlyOnce()
    {
        var clock = _harness.Clock;
        var registry = new ComputationRegistry().Add("triple", async (p, ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
            return (Result)(p.Index * 3.0);
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "triple", Params = 2_000, ChunkSize = 10 });
        using var worker = _harness.NewWorker(registry, jobId, "w1");
        var run = worker.RunAsync(CancellationToken.None);
        await _harness.DriveUntilAsync(() => worker.Stats.ParametersSucceeded >= 200, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));

        var outage = _harness.HoldWriteLock();
        var heldDuringOutage = 0;
        await _harness.DriveUntilAsync(() => worker.Context.Outage.Duration >= TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30));
        await _harness.DriveUntilAsync(() =>
        {
            // Once the queue has drained into the parking lot, the worker holds only what it computed or is computing.
            heldDuringOutage = worker.Context.Book.Held.Count(c => !c.Parked && !c.Started);
            return heldDuringOutage == 0;
        }, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.False(worker.Health.Ready);
        Assert.True(worker.Health.Live, worker.Health.Reason);
        Assert.Contains("unreachable", worker.Health.Reason, StringComparison.Ordinal);
        Assert.False(run.IsCompleted, "the worker gave up during the outage");
        outage.Dispose();

        var report = await _harness.DriveAsync(run, TimeSpan.FromMilliseconds(50));

        Assert.Null(report.Fault);
        var outcomes = await _harness.OutcomesAsync(jobId);
        Assert.Equal(2_000, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.Equal(o.Index * 3.0, o.Result.Scalar.AsDouble()));
        Assert.Equal(0, (await _harness.ProgressAsync(jobId)).Failed);
    }
}
