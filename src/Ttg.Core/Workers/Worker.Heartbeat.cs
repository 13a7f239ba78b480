using Ttg.WorkQueue;

namespace Ttg.Workers;

public sealed partial class Worker
{
    // Two beats share this loop: the session heartbeat (every quarter of the liveness timeout, one small call per
    // job, so other workers notice this one's death in seconds) and lease renewal (every third of the lease, one
    // entry per chunk held, so a worker cut off from its session still keeps its leases until they lapse).
    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        var lastRenewal = _time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var renewEvery = RenewalInterval();
            var tick = _options.Liveness > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(_options.Liveness.Ticks / 4, renewEvery.Ticks)) : renewEvery;
            try
            {
                await Task.Delay(tick, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var chunks = _inFlight.Values.Where(c => !c.Lost).ToList();
            if (chunks.Count == 0)
            {
                continue;
            }

            await BeatSessionAsync(chunks, stop).ConfigureAwait(false);
            await CheckTimeLimitsAsync().ConfigureAwait(false);
            if (_time.GetElapsedTime(lastRenewal) < renewEvery - (tick / 2))
            {
                continue;
            }

            lastRenewal = _time.GetTimestamp();
            try
            {
                var held = await _backend.RenewAsync([.. chunks.Select(c => c.Lease)], stop).ConfigureAwait(false);
                Stats.BackendAnswered(_time.GetTimestamp());
                var stillHeld = held.ToDictionary(l => (l.JobId, l.ChunkId));
                foreach (var chunk in chunks)
                {
                    if (stillHeld.TryGetValue((chunk.Lease.JobId, chunk.Lease.ChunkId), out var renewed))
                    {
                        chunk.Lease = renewed;
                    }
                    else if (_inFlight.ContainsKey((chunk.Lease.JobId, chunk.Lease.ChunkId)))
                    {
                        // Taken over (we were paused past the lease, or cut off): stop computing it.
                        chunk.MarkLost();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (_backend.IsTransient(ex))
            {
                WorkerLog.BackendUnavailable(_logger, ex.Message, (long)renewEvery.TotalMilliseconds);
            }
        }
    }

    private async Task BeatSessionAsync(List<InFlightChunk> chunks, CancellationToken stop)
    {
        if (_options.Liveness <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            var jobs = chunks.Select(c => c.Lease.JobId).Distinct(StringComparer.Ordinal).ToList();
            await _backend.HeartbeatAsync(WorkerId, jobs, _options.Liveness, stop).ConfigureAwait(false);
            Stats.BackendAnswered(_time.GetTimestamp());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (_backend.IsTransient(ex))
        {
            // The leases still hold; the renewal below reports the outage if it lasts.
        }
    }

    /// <summary>A third of the shortest lease among the jobs in flight, so two renewals can fail before a lease lapses.</summary>
    private TimeSpan RenewalInterval()
    {
        var shortest = Jobs.JobSpec.DefaultLease;
        foreach (var chunk in _inFlight.Values)
        {
            if (_runtimes.TryPeek(chunk.Lease.JobId) is { } runtime && runtime.Job.Lease < shortest)
            {
                shortest = runtime.Job.Lease;
            }
        }

        return shortest / 3;
    }
}
