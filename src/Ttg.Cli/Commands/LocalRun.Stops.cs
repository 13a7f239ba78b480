using Ttg.Launching;

namespace Ttg.Cli.Commands;

/// <summary>
/// The parent's watch for stopped children. A SIGSTOPped worker is alive to the store (its lease is still valid
/// until it lapses) and, on SQLite, may hold the write lock, which stalls every other worker. <c>Process</c> offers
/// no waitpid(WUNTRACED), so the parent reads each child's state from /proc every 200 ms; once a child has been
/// stopped longer than the liveness it is SIGKILLed, which releases the lock, and its death watch frees its leases
/// and starts a replacement.
/// </summary>
internal sealed partial class LocalRun
{
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(200);

    // A gap this long between two polls means the parent itself was suspended (Ctrl+Z stops the whole group):
    // what it saw before the gap says nothing about how long a child was stopped on its own.
    private static readonly TimeSpan SuspendedParent = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> _stoppedTooLong = new(StringComparer.Ordinal);
    private TimeSpan? _stoppedLimit;

    private TimeSpan StoppedLimit => _stoppedLimit ??= LocalRunOptions.StoppedLimit(job.Lease);

    private bool WasStoppedTooLong(string workerId)
    {
        lock (_stoppedTooLong)
        {
            return _stoppedTooLong.Contains(workerId);
        }
    }

    private async Task WatchForStoppedWorkersAsync(CancellationToken cancellationToken)
    {
        var stoppedSince = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastPoll = services.Time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = services.Time.GetTimestamp();
            if (services.Time.GetElapsedTime(lastPoll, now) > SuspendedParent)
            {
                stoppedSince.Clear();
            }

            lastPoll = now;
            foreach (var worker in _launcher!.Workers)
            {
                Check(worker, stoppedSince, now);
            }

            try
            {
                await Task.Delay(StopPoll, services.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Check(WorkerProcess worker, Dictionary<string, long> stoppedSince, long now)
    {
        if (worker.HasExited || worker.KilledOnPurpose || !worker.IsStopped)
        {
            stoppedSince.Remove(worker.WorkerId);
            return;
        }

        if (!stoppedSince.TryAdd(worker.WorkerId, now) && services.Time.GetElapsedTime(stoppedSince[worker.WorkerId], now) >= StoppedLimit)
        {
            lock (_stoppedTooLong)
            {
                _stoppedTooLong.Add(worker.WorkerId);
            }

            stoppedSince.Remove(worker.WorkerId);
            worker.Kill();
        }
    }
}
