using Ttg.Jobs;

namespace Ttg.Workers;

// The time-limit watchdog. A parameter past its limit has its token cancelled by the computing task itself; one
// that ignores the cancellation holds a core for as long as it likes, and no thread can be stopped from outside.
// So the worker hands the chunk back with the parameter standing alone (split), or records it (retry or failure)
// when it already stood alone, and leaves: an orchestrator or `ttg run` starts a fresh process in its place.
public sealed partial class Worker
{
    private readonly CancellationTokenSource _abandon = new();
    private int _abandoned;

    /// <summary>The parameter that ignored its time limit and made this worker leave, or null.</summary>
    public (string JobId, long Index)? HungParameter { get; private set; }

    private async Task CheckTimeLimitsAsync()
    {
        foreach (var chunk in _inFlight.Values)
        {
            if (!chunk.Started || chunk.Lost || chunk.Clock.Current is not { } running
                || _runtimes.TryPeek(chunk.Lease.JobId) is not { Plan.Spec.Timeout: { } limit } runtime)
            {
                continue;
            }

            var ran = _time.GetElapsedTime(running.StartedAt);
            if (ran < limit + JobSpec.TimeoutGrace(limit) || Interlocked.Exchange(ref _abandoned, 1) == 1)
            {
                continue;
            }

            await AbandonAsync(chunk, runtime, running.Offset, limit, ran).ConfigureAwait(false);
            return;
        }
    }

    private async Task AbandonAsync(InFlightChunk chunk, JobRuntime runtime, int offset, TimeSpan limit, TimeSpan ran)
    {
        var lease = chunk.Lease;
        var index = lease.Start + offset;
        HungParameter = (lease.JobId, index);
        WorkerLog.ParameterHung(_logger, index, lease.JobId, limit.TotalSeconds, ran.TotalSeconds);
        if (lease.Count > 1)
        {
            // Its neighbours go back as chunks of their own with fresh attempts; only the hung one keeps being suspect.
            await CallUnderLeaseAsync(chunk, ct => _backend.SplitAsync(lease, runtime.Plan.SplitAround(lease, offset), ct)).ConfigureAwait(false);
            Stats.Split();
        }
        else
        {
            var error = new ParameterTimeoutException(index, limit);
            await HandleFailureAsync(chunk, (runtime.Job, runtime.Plan), error.GetType().FullName!, error.Message + " and ignored its cancellation").ConfigureAwait(false);
        }

        await _abandon.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the computing tasks. After a hung parameter, the task computing it never returns: wait only for
    /// the others (their running chunks finish within the grace period), and never past it.
    /// </summary>
    private async Task WaitForComputersAsync(Task[] computers)
    {
        var all = Task.WhenAll(computers);
        var deadline = _time.GetTimestamp();
        while (Volatile.Read(ref _abandoned) == 1 && !all.IsCompleted)
        {
            if (computers.Count(t => !t.IsCompleted) <= 1 || _time.GetElapsedTime(deadline) > _options.GracePeriod + TimeSpan.FromSeconds(1))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time).ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
    }
}
