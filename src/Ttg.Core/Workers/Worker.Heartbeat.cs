using Ttg.WorkQueue;

namespace Ttg.Workers;

public sealed partial class Worker
{
    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval(), _time, stop).ConfigureAwait(false);
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
            catch (Exception ex) when (TransientErrors.IsTransient(ex))
            {
                WorkerLog.BackendUnavailable(_logger, ex.Message, (long)HeartbeatInterval().TotalMilliseconds);
            }
        }
    }

    /// <summary>A third of the shortest lease among the jobs in flight, so two renewals can fail before a lease lapses.</summary>
    private TimeSpan HeartbeatInterval()
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
