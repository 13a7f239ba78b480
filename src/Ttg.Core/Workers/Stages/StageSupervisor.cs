using Ttg.Workers.Faults;

namespace Ttg.Workers.Stages;

/// <summary>
/// Runs a worker's stages and makes sure none gives up silently: a stage that throws is logged and restarted (a
/// few times, with a pause), a permanent store fault stops the worker with exit code 4, and a stage that keeps
/// failing stops the worker with its exception as the reason. Its <see cref="Stuck"/> feeds <c>/healthz</c>.
/// </summary>
internal sealed class StageSupervisor(WorkerContext context)
{
    /// <summary>Restarts allowed per stage before the worker gives up on itself.</summary>
    public const int MaxRestarts = 3;

    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly List<WorkerStage> _stages = [];

    /// <summary>A stage busy on one unit of work for longer than this counts as stuck. Default: 2 minutes.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The first stage stuck past <see cref="StuckAfter"/> outside an outage, or null.</summary>
    public WorkerStage? Stuck
    {
        get
        {
            if (context.Outage.IsActive)
            {
                return null; // Waiting out an outage is what the stages should do; readiness reports it.
            }

            lock (_stages)
            {
                return _stages.FirstOrDefault(s => s.BusyFor > StuckAfter);
            }
        }
    }

    /// <summary>Starts the stage on the thread pool under supervision.</summary>
    public Task Start(WorkerStage stage, CancellationToken cancellationToken) =>
        Task.Run(() => SuperviseAsync(stage, cancellationToken), CancellationToken.None);

    /// <summary>Runs the stage under supervision on the caller's flow.</summary>
    public async Task SuperviseAsync(WorkerStage stage, CancellationToken cancellationToken)
    {
        lock (_stages)
        {
            _stages.Add(stage);
        }

        for (var restarts = 0; ; restarts++)
        {
            try
            {
                await stage.RunAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (context.PermanentFault(ex) is { } reason)
            {
                context.Fault(WorkerFaultKind.Store, reason);
                return;
            }
            catch (Exception ex)
            {
                WorkerLog.StageFaulted(context.Logger, stage.Name, restarts + 1, MaxRestarts, ex);
                if (restarts >= MaxRestarts)
                {
                    context.Fault(WorkerFaultKind.Internal, $"the {stage.Name} failed {restarts + 1} times; last: {WorkerFault.Describe(ex)}");
                    return;
                }
            }

            try
            {
                await Task.Delay(RestartDelay, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
