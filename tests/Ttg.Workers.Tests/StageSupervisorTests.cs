using Microsoft.Extensions.Logging.Abstractions;
using Ttg.Workers.Faults;
using Ttg.Workers.Stages;
using Ttg.WorkQueue;

namespace Ttg.Workers.Tests;

/// <summary>No stage gives up silently: it is restarted, or it stops the worker with a reason.</summary>
public sealed class StageSupervisorTests : IAsyncLifetime
{
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AStageThatFailsTwice_IsRestarted_AndTheWorkerCarriesOn()
    {
        using var context = NewContext();
        var stage = new FailingStage(context.Time, failures: 2, () => new InvalidOperationException("boom"));

        await _harness.DriveAsync(Supervise(context, stage), TimeSpan.FromSeconds(1));

        Assert.Equal(3, stage.Runs);
        Assert.Null(context.Faults.Fault);
    }

    [Fact]
    public async Task AStageThatKeepsFailing_StopsTheWorkerWithItsException()
    {
        using var context = NewContext();
        var stage = new FailingStage(context.Time, failures: int.MaxValue, () => new InvalidOperationException("the index is corrupt"));

        await _harness.DriveAsync(Supervise(context, stage), TimeSpan.FromSeconds(1));

        Assert.Equal(StageSupervisor.MaxRestarts + 1, stage.Runs);
        Assert.Equal(WorkerFaultKind.Internal, context.Faults.Fault?.Kind);
        Assert.Contains("the index is corrupt", context.Faults.Fault!.Reason, StringComparison.Ordinal);
        Assert.True(context.Faults.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task AnUnusableStore_StopsTheWorkerAtOnce_AsAStoreFault()
    {
        using var context = NewContext();
        var stage = new FailingStage(context.Time, failures: int.MaxValue, () => new BackendException("the disk under /data/ttg.db is full"));

        await _harness.DriveAsync(Supervise(context, stage), TimeSpan.FromSeconds(1));

        Assert.Equal(1, stage.Runs);
        Assert.Equal(WorkerFaultKind.Store, context.Faults.Fault?.Kind);
    }

    [Fact]
    public async Task AStageBusyOnOneCallForTooLong_IsReportedStuck()
    {
        using var context = NewContext();
        var supervisor = new StageSupervisor(context) { StuckAfter = TimeSpan.FromSeconds(30) };
        var stage = new HangingStage(context.Time);
        using var stop = new CancellationTokenSource();
        var running = supervisor.Start(stage, stop.Token);
        await _harness.DriveUntilAsync(() => stage.Entered, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        Assert.Null(supervisor.Stuck);

        await _harness.DriveUntilAsync(() => supervisor.Stuck is not null, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2));

        Assert.Same(stage, supervisor.Stuck);
        await stop.CancelAsync();
        // The stop cancels the stage's wait at once; a supervisor that ignores it fails here instead of holding the run.
        Assert.True(await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(30))) == running, "the supervised stage did not end within 30 s of the stop");
        await running;
    }

    private WorkerContext NewContext() =>
        new(_harness.Store, new ComputationRegistry().Add("x", p => p.Index), new WorkerOptions { WorkerId = "w" }, NullLogger.Instance, _harness.Clock);

    private static async Task<bool> Supervise(WorkerContext context, WorkerStage stage)
    {
        await new StageSupervisor(context).SuperviseAsync(stage, CancellationToken.None);
        return true;
    }

    private sealed class FailingStage(TimeProvider time, int failures, Func<Exception> error) : WorkerStage("test stage", time)
    {
        public int Runs { get; private set; }

        public override Task RunAsync(CancellationToken cancellationToken)
        {
            Runs++;
            return Runs <= failures ? Task.FromException(error()) : Task.CompletedTask;
        }
    }

    private sealed class HangingStage(TimeProvider time) : WorkerStage("hanging stage", time)
    {
        public bool Entered { get; private set; }

        public override async Task RunAsync(CancellationToken cancellationToken)
        {
            Busy();
            Entered = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
