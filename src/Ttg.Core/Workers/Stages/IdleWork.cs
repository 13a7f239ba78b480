using Ttg.WorkQueue;

namespace Ttg.Workers.Stages;

/// <summary>What the lease pump checks when a lease comes back empty: whether to leave, and which jobs it cannot serve.</summary>
internal sealed class IdleWork(WorkerContext context)
{
    private static readonly TimeSpan MissingComputationCheckEvery = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    private long _lastMissingCheck;

    /// <summary>True with <see cref="WorkerOptions.ExitWhenIdle"/> once no job this worker serves has chunks pending or leased.</summary>
    public async Task<bool> ShouldExitAsync(CancellationToken cancellationToken)
    {
        if (!context.Options.ExitWhenIdle || !context.Book.IsEmpty || context.Book.HasParked)
        {
            return false;
        }

        try
        {
            if (context.Options.JobIds is { } jobIds)
            {
                foreach (var jobId in jobIds)
                {
                    var progress = await context.Backend.GetProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
                    if (progress is { IsFinished: false })
                    {
                        return false;
                    }
                }

                return true;
            }

            // Leased chunks count as open work: a worker that died still holds them, and this one must stay to take them over.
            return !await context.Backend.HasOpenWorkAsync(context.Registry.Names, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken))
        {
            context.Outage.Observe(ex);
            return false;
        }
    }

    /// <summary>
    /// A copy of a chunk straggling on another worker (<see cref="SpeculationPolicy"/>), of a job this worker has
    /// measured and that allows speculation, while one of its compute slots is idle; null otherwise or during an outage.
    /// </summary>
    public async Task<ChunkLease?> TryCopyAsync(CancellationToken cancellationToken)
    {
        if (context.Book.IdleRunners == 0 || context.Outage.IsActive)
        {
            return null;
        }

        foreach (var (jobId, perParameter) in context.Book.Costs.Measured)
        {
            if (context.Runtimes.TryPeek(jobId) is not { Plan.Spec.Speculate: true } runtime)
            {
                continue;
            }

            try
            {
                var copy = await context.Backend.LeaseCopyAsync(SpeculationPolicy.For(context.WorkerId, jobId, perParameter, runtime.Plan.Spec.Timeout), cancellationToken).ConfigureAwait(false);
                if (copy is not null)
                {
                    SpeculationLog.Copying(context.Logger, context.WorkerId, copy.ChunkId, jobId, copy.Count);
                    return copy;
                }
            }
            catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken) || ex is OperationCanceledException)
            {
                // Speculation is an optimisation: an outage or a stop simply means no copy this round.
                return null;
            }
        }

        return null;
    }

    /// <summary>Logs, once per job and at most every 30 s, a running job whose computation this worker lacks.</summary>
    public async Task ReportMissingComputationsAsync(CancellationToken cancellationToken)
    {
        var now = context.Time.GetTimestamp();
        if (_lastMissingCheck != 0 && context.Time.GetElapsedTime(_lastMissingCheck, now) < MissingComputationCheckEvery)
        {
            return;
        }

        _lastMissingCheck = now;
        try
        {
            foreach (var job in await context.Backend.ListJobsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (job.State == JobState.Running && !context.Registry.Contains(job.Computation) && _reportedMissing.Add(job.JobId))
                {
                    WorkerLog.MissingComputation(context.Logger, job.JobId, job.Computation);
                }
            }
        }
        catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken) || ex is OperationCanceledException)
        {
            // Only a diagnostic: the next idle round tries again.
        }
    }
}
