using Ttg.WorkQueue;

namespace Ttg.Workers;

public sealed partial class Worker
{
    private const int MaxChunksPerLease = 256;
    private static readonly TimeSpan MissingComputationCheckEvery = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    private long _lastMissingCheck;
    private bool _leasedAny;

    private async Task LeaseLoopAsync(CancellationToken hardStop, CancellationToken stoppingToken)
    {
        var computations = _registry.Names;
        var idleDelay = TimeSpan.FromMilliseconds(5);
        var backoff = new Backoff(_time);
        while (!stoppingToken.IsCancellationRequested)
        {
            ResizeSlots();
            try
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Take every free slot in one request: one round trip fills the whole pipeline.
            var wanted = 1;
            while (wanted < MaxChunksPerLease && _slots.Wait(0))
            {
                wanted++;
            }

            IReadOnlyList<ChunkLease> leases;
            try
            {
                var request = new LeaseRequest(WorkerId, wanted, computations) { JobIds = _options.JobIds, Liveness = _options.Liveness };
                leases = await _backend.LeaseAsync(request, stoppingToken).ConfigureAwait(false);
                Stats.BackendAnswered(_time.GetTimestamp());
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _slots.Release(wanted);
                return;
            }
            catch (Exception ex) when (_backend.IsTransient(ex))
            {
                _slots.Release(wanted);
                await backoff.WaitAsync(_logger, ex, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (leases.Count < wanted)
            {
                _slots.Release(wanted - leases.Count);
            }

            foreach (var lease in leases)
            {
                var chunk = new InFlightChunk(lease, hardStop);
                _inFlight[(lease.JobId, lease.ChunkId)] = chunk;
                _ready.Writer.TryWrite(chunk);
            }

            Stats.InFlight = _inFlight.Count;
            if (leases.Count > 0)
            {
                if (!_leasedAny)
                {
                    _leasedAny = true;
                    WorkerLog.FirstLease(_logger, WorkerId, leases.Count, (long)_time.GetElapsedTime(_startedAt).TotalMilliseconds);
                }

                idleDelay = TimeSpan.FromMilliseconds(5);
                continue;
            }

            if (await ShouldExitIdleAsync(stoppingToken).ConfigureAwait(false))
            {
                WorkerLog.Idle(_logger, WorkerId);
                return;
            }

            await ReportMissingComputationsAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(idleDelay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, _options.MaxIdlePoll.Ticks));
        }
    }

    /// <summary>Follows the prefetch target: free slots are added when chunks prove fast, taken back when slow.</summary>
    private void ResizeSlots()
    {
        var target = _prefetch.Capacity;
        if (target > _capacity)
        {
            _slots.Release(target - _capacity);
            _capacity = target;
        }

        // Only free slots can be taken back; held ones return to the pool and are absorbed on a later round.
        while (_capacity > target && _slots.Wait(0))
        {
            _capacity--;
        }
    }

    private async Task<bool> ShouldExitIdleAsync(CancellationToken cancellationToken)
    {
        if (!_options.ExitWhenIdle || !_inFlight.IsEmpty)
        {
            return false;
        }

        try
        {
            if (_options.JobIds is { } jobIds)
            {
                foreach (var jobId in jobIds)
                {
                    var progress = await _backend.GetProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
                    if (progress is { IsFinished: false })
                    {
                        return false;
                    }
                }

                return true;
            }

            // Leased chunks count as open work: a worker that died still holds them, and this one must stay to take them over.
            return !await _backend.HasOpenWorkAsync(_registry.Names, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_backend.IsTransient(ex))
        {
            return false;
        }
    }

    private async Task ReportMissingComputationsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_lastMissingCheck != 0 && _time.GetElapsedTime(_lastMissingCheck, now) < MissingComputationCheckEvery)
        {
            return;
        }

        _lastMissingCheck = now;
        try
        {
            foreach (var job in await _backend.ListJobsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (job.State == JobState.Running && !_registry.Contains(job.Computation) && _reportedMissing.Add(job.JobId))
                {
                    WorkerLog.MissingComputation(_logger, job.JobId, job.Computation);
                }
            }
        }
        catch (Exception ex) when (_backend.IsTransient(ex) || ex is OperationCanceledException)
        {
            // Only a diagnostic: the next idle round tries again.
        }
    }
}
