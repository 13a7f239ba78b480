namespace Ttg.Workers.Stages;

/// <summary>
/// One loop of a worker (lease pump, chunk runner, completion batcher, lease keeper, watchdog), run and watched by
/// <see cref="StageSupervisor"/>. A stage keeps its durable state in the <see cref="WorkerContext"/>, so the
/// supervisor can restart it after a fault; it marks when it is busy on a call so a stuck stage shows in health.
/// </summary>
internal abstract class WorkerStage(string name, TimeProvider time)
{
    private long _busySince;

    /// <summary>The stage's name in logs and health reports.</summary>
    public string Name { get; } = name;

    /// <summary>Runs the stage until it has nothing more to do or <paramref name="cancellationToken"/> is cancelled.</summary>
    public abstract Task RunAsync(CancellationToken cancellationToken);

    /// <summary>How long the stage has been inside one unit of work; zero while it waits for work.</summary>
    public TimeSpan BusyFor => Interlocked.Read(ref _busySince) is var since and not 0 ? time.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>Marks the start of a unit of work (a call, a batch).</summary>
    protected void Busy() => Interlocked.Exchange(ref _busySince, time.GetTimestamp());

    /// <summary>Marks the end of a unit of work.</summary>
    protected void Idle() => Interlocked.Exchange(ref _busySince, 0);
}
