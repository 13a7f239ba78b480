using Ttg.WorkQueue;

namespace Ttg.Workers.Stages;

/// <summary>
/// Keeps the worker's claim on its chunks. Two beats share this stage: the session heartbeat (every quarter of
/// the liveness timeout, one small call per job, so other workers notice this one's death in seconds) and lease
/// renewal (every third of the shortest lease, one entry per chunk held, so a worker cut off from its session
/// still keeps its leases until they lapse). A lease found taken over cancels that chunk's computation. Chunks
/// parked during an outage are not renewed: they lapse unless handed back first.
/// </summary>
internal sealed class LeaseKeeper(WorkerContext context) : WorkerStage("lease keeper", context.Time)
{
    private long _lastRenewal = context.Time.GetTimestamp();

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        while (!cancellationToken.IsCancellationRequested)
        {
            var renewEvery = RenewalInterval();
            var tick = options.Liveness > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(options.Liveness.Ticks / 4, renewEvery.Ticks)) : renewEvery;
            try
            {
                await Task.Delay(tick, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var chunks = context.Book.Held.Where(c => !c.Lost && !c.Parked).ToList();
            if (chunks.Count == 0)
            {
                continue;
            }

            Busy();
            try
            {
                await BeatSessionAsync(chunks, cancellationToken).ConfigureAwait(false);
                if (context.Time.GetElapsedTime(_lastRenewal) >= renewEvery - (tick / 2))
                {
                    _lastRenewal = context.Time.GetTimestamp();
                    await RenewAsync(chunks, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken))
            {
                // Not retried here: the next beat tries again, and the stages that must not lose results ride it out.
                context.Outage.Observe(ex);
            }
            finally
            {
                Idle();
            }
        }
    }

    private async Task BeatSessionAsync(List<InFlightChunk> chunks, CancellationToken cancellationToken)
    {
        if (context.Options.Liveness <= TimeSpan.Zero)
        {
            return;
        }

        var jobs = chunks.Select(c => c.Lease.JobId).Distinct(StringComparer.Ordinal).ToList();
        await context.Backend.HeartbeatAsync(context.WorkerId, jobs, context.Options.Liveness, cancellationToken).ConfigureAwait(false);
        Answered();
    }

    private async Task RenewAsync(List<InFlightChunk> chunks, CancellationToken cancellationToken)
    {
        var held = await context.Backend.RenewAsync([.. chunks.Select(c => c.Lease)], cancellationToken).ConfigureAwait(false);
        Answered();
        // A renewal only moves the expiry in the store; the chunk keeps its own lease, which may have shrunk meanwhile.
        var stillHeld = held.Select(l => (l.JobId, l.ChunkId)).ToHashSet();
        foreach (var chunk in chunks)
        {
            if (!stillHeld.Contains((chunk.Lease.JobId, chunk.Lease.ChunkId)) && context.Book.Holds(chunk.Lease))
            {
                // Taken over (we were paused past the lease, or cut off): stop computing it.
                chunk.MarkLost();
            }
        }
    }

    private void Answered()
    {
        context.Outage.Answered();
    }

    /// <summary>A third of the shortest lease among the jobs in flight, so two renewals can fail before a lease lapses.</summary>
    private TimeSpan RenewalInterval()
    {
        var shortest = Jobs.JobSpec.DefaultLease;
        foreach (var chunk in context.Book.Held)
        {
            if (context.Runtimes.TryPeek(chunk.Lease.JobId) is { } runtime && runtime.Job.Lease < shortest)
            {
                shortest = runtime.Job.Lease;
            }
        }

        return shortest / 3;
    }
}
