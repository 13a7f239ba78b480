using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ttg.Workers.Faults;
using Ttg.Workers.Stages;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// Leases chunks, computes them in parallel, keeps their leases alive, retries and isolates failures, and
/// records each chunk's results once. It is a set of small stages under one supervisor: the lease pump (leases
/// ahead of need, by <see cref="WorkerOptions.Prefetch"/>), <see cref="WorkerOptions.Concurrency"/> chunk runners,
/// the completion batcher (one round trip for many chunks), the lease keeper (sessions and renewals) and the
/// time-limit watchdog. A worker fault (set-up fails here, the store is unusable) stops it with
/// <see cref="WorkerReport.Fault"/> set and never records a parameter as failed; an outage is waited out.
/// </summary>
public sealed class Worker : IDisposable
{
    private readonly WorkerContext _context;
    private readonly StageSupervisor _supervisor;
    private readonly FailureHandler _failures;
    private TimeLimitWatchdog? _watchdog;

    /// <summary>Creates a worker over a backend; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or no computation is registered.</exception>
    public Worker(ITtgBackend backend, ComputationRegistry registry, WorkerOptions options, ILogger<Worker>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (registry.Names.Count == 0)
        {
            throw new ArgumentException("No computation is registered, so this worker could take no chunk; register one with ComputationRegistry.Add.");
        }

        _context = new WorkerContext(backend, registry, options, logger ?? (ILogger)NullLogger<Worker>.Instance, timeProvider ?? TimeProvider.System);
        _supervisor = new StageSupervisor(_context);
        _failures = new FailureHandler(_context);
    }

    /// <summary>The worker's id.</summary>
    public string WorkerId => _context.WorkerId;

    /// <summary>Live counters.</summary>
    public WorkerStats Stats => _context.Stats;

    /// <summary>The fault that stopped this worker, or null.</summary>
    public WorkerFault? Fault => _context.Faults.Fault;

    /// <summary>The parameter that ignored its time limit and made this worker leave, or null.</summary>
    public (string JobId, long Index)? HungParameter => _watchdog?.HungParameter;

    /// <summary>Whether the worker is alive (no fault, no stage stuck) and ready (running and reaching its backend), with the reason when not.</summary>
    public WorkerHealth Health
    {
        get
        {
            if (Fault is { } fault)
            {
                return new WorkerHealth(Live: false, Ready: false, fault.ToString());
            }

            if (_supervisor.Stuck is { } stuck)
            {
                return new WorkerHealth(Live: false, Ready: false, $"the {stuck.Name} has been busy on one call for {stuck.BusyFor.TotalSeconds:F0} s");
            }

            if (_context.Outage.IsActive)
            {
                return new WorkerHealth(Live: true, Ready: false, $"the backend has been unreachable for {_context.Outage.Duration.TotalSeconds:F0} s; waiting for it ({_context.Book.Describe()})");
            }

            return Stats.Running ? new WorkerHealth(true, true, null) : new WorkerHealth(true, false, "not running");
        }
    }

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> is cancelled (then stops leasing, releases queued chunks at
    /// once, lets running chunks finish within the grace period and releases the rest), until a worker fault stops
    /// it (every chunk handed back at once), or, with <see cref="WorkerOptions.ExitWhenIdle"/>, until no open work remains.
    /// </summary>
    public async Task<WorkerReport> RunAsync(CancellationToken stoppingToken)
    {
        var context = _context;
        var options = context.Options;
        context.Stats.Running = true;
        WorkerLog.Started(context.Logger, WorkerId, context.Backend.Description, options.Concurrency, string.Join(",", context.Registry.Names));
        using var hardStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, context.Time);
        using var background = new CancellationTokenSource();
        using var watchdog = new TimeLimitWatchdog(context, _failures);
        _watchdog = watchdog;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, watchdog.Abandoned, context.Faults.Token);

        // A worker fault hands running chunks back at once instead of finishing them: nothing can be stored, or the job cannot run here.
        using var onFault = context.Faults.Token.Register(hardStop.Cancel);

        // While the store is unreachable the worker holds no more than it computes: queued chunks are put aside at once.
        context.Outage.Began += ParkQueued;
        var keeper = _supervisor.Start(new LeaseKeeper(context), background.Token);
        var watching = _supervisor.Start(watchdog, background.Token);
        var completer = _supervisor.Start(new CompletionBatcher(context), context.AbortToken);
        var marker = new StartMarker(context);
        var marking = _supervisor.Start(marker, context.AbortToken);
        var runners = Enumerable.Range(0, options.Concurrency)
            .Select(_ => _supervisor.Start(new ChunkRunner(context, _failures, marker, stop.Token, hardStop.Token), CancellationToken.None))
            .ToArray();
        await _supervisor.SuperviseAsync(new LeasePump(context, hardStop.Token), stop.Token).ConfigureAwait(false);
        context.Book.CloseQueue();

        using var giveUp = new CancellationTokenSource(Timeout.InfiniteTimeSpan, context.Time);
        using var onGiveUp = giveUp.Token.Register(context.Abort);
        if (stop.IsCancellationRequested)
        {
            var queued = context.Book.TakeQueued();
            await ChunkRelease.ReleaseAsync(context, queued).ConfigureAwait(false);
            WorkerLog.Stopping(context.Logger, WorkerId, context.Book.Held.Count(c => c.Started), queued.Count, options.GracePeriod.TotalSeconds);
            hardStop.CancelAfter(options.GracePeriod);

            // A stopping worker waits for an unreachable store only until its grace period ends; the leases then lapse.
            giveUp.CancelAfter(options.GracePeriod);
        }

        await WaitForRunnersAsync(runners).ConfigureAwait(false);
        marker.Complete();
        context.Completions.Writer.TryComplete();
        await Task.WhenAll(completer, marking).ConfigureAwait(false);
        await background.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(keeper, watching).ConfigureAwait(false);
        await ReleaseUnfinishedAsync(hardStop.IsCancellationRequested && Fault is null).ConfigureAwait(false);
        await LeaveFaultNoteAsync().ConfigureAwait(false);
        await EndSessionAsync().ConfigureAwait(false);

        context.Outage.Began -= ParkQueued;
        context.Stats.Running = false;
        var report = context.Stats.ToReport() with { Fault = Fault };
        WorkerLog.Stopped(context.Logger, WorkerId, report.ChunksCompleted, report.ParametersSucceeded, report.ParametersFailed, report.Released);
        return report;
    }

    /// <summary>
    /// Leaves the fault in the store, so <c>ttg status</c>, <c>ttg watch</c> and the dashboard say why this worker
    /// left. Best effort, briefly: the fault may be that the store cannot be written.
    /// </summary>
    private async Task LeaveFaultNoteAsync()
    {
        if (Fault is not { } fault)
        {
            return;
        }

        var jobs = _context.Options.JobIds ?? [.. _context.JobsSeen.Keys];
        if (jobs.Count == 0)
        {
            return;
        }

        var note = new WorkerNote(WorkerId, jobs) { Host = Environment.MachineName, Fault = fault.ToString() };
        await LastStoreCallAsync(ct => _context.Backend.ReportWorkerAsync(note, ct), error => WorkerLog.FaultNoteLost(_context.Logger, WorkerId, error)).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the worker's session, so <c>ttg status</c>, the dashboard and the ETA stop counting it now rather than
    /// after its liveness. By now it holds nothing (what it held was stored or handed back); a chunk a failed release
    /// left behind is freed for others at once, as for a dead worker. Skipped when the store is the fault or is
    /// unreachable (the session then lapses on its own).
    /// </summary>
    private async Task EndSessionAsync()
    {
        if (_context.Options.Liveness <= TimeSpan.Zero || Fault is { Kind: WorkerFaultKind.Store } || _context.Outage.IsActive)
        {
            return;
        }

        await LastStoreCallAsync(
            async ct =>
            {
                var freed = await _context.Backend.ReleaseWorkerAsync(WorkerId, ct).ConfigureAwait(false);
                if (freed.Count > 0)
                {
                    WorkerLog.LeftoversFreed(_context.Logger, WorkerId, freed.Count);
                }
            },
            error => WorkerLog.SessionNotEnded(_context.Logger, WorkerId, error)).ConfigureAwait(false);
    }

    /// <summary>
    /// One store call on the way out, for at most 5 s. The store may be what stopped the worker, so a store error,
    /// an outage or the time running out is only reported through <paramref name="lost"/>, with its first line.
    /// </summary>
    private async Task LastStoreCallAsync(Func<CancellationToken, Task> call, Action<string> lost)
    {
        try
        {
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(5), _context.Time);
            await call(brief.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (_context.Outage.IsOutage(ex, CancellationToken.None) || _context.PermanentFault(ex) is not null || ex is OperationCanceledException)
        {
            lost(ex.Message.ReplaceLineEndings(" "));
        }
    }

    private void ParkQueued() => _context.Book.Park(_context.Book.TakeQueued());

    /// <summary>
    /// Waits for the chunk runners. After a hung parameter, the runner computing it never returns: wait only for
    /// the others (their running chunks finish within the grace period), and never past it.
    /// </summary>
    private async Task WaitForRunnersAsync(Task[] runners)
    {
        var all = Task.WhenAll(runners);
        var since = _context.Time.GetTimestamp();
        while (_watchdog!.HasAbandoned && !all.IsCompleted)
        {
            if (runners.Count(t => !t.IsCompleted) <= 1 || _context.Time.GetElapsedTime(since) > _context.Options.GracePeriod + TimeSpan.FromSeconds(1))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _context.Time).ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
    }

    private async Task ReleaseUnfinishedAsync(bool graceExpired)
    {
        var left = _context.Book.Held.ToList();
        _context.Book.TakeParked();
        if (left.Count == 0)
        {
            return;
        }

        if (graceExpired)
        {
            WorkerLog.GraceExpired(_context.Logger, left.Count);
        }

        await ChunkRelease.ReleaseAsync(_context, left).ConfigureAwait(false);
    }

    /// <summary>The shared state of the stages, for in-process tests.</summary>
    internal WorkerContext Context => _context;

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();
}
