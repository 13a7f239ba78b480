using System.Globalization;
using Ttg.Cli.Rendering;
using Ttg.Launching;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>The parent's watch over each child's exit: free its leases, say why it left, replace it when that helps.</summary>
internal sealed partial class LocalRun
{
    private readonly HashSet<string> _deaths = new(StringComparer.Ordinal);
    private readonly List<(string JobId, string ChunkId)> _freed = [];
    private readonly List<Task> _deathWatches = [];
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private int _restarts;
    private long _killedAt;
    private bool _recoveryReported;

    // A worker that left because a parameter ignored its time limit, that was stopped too long, or that died of a
    // signal nobody here sent is replaced, as an orchestrator would restart it; a few per worker, so a job full of
    // runaway or worker-killing parameters ends instead of cycling.
    private int MaxRestarts => 3 * options.WorkerCount;

    // A process killed by signal N exits 128 + N, as the shell reports it.
    private const int SignalExitBase = 128;

    private void StartWorker(string workerId, IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = _launcher!.Start(workerId, [WorkerFlags.WorkerIdFlag, workerId], environment);
        lock (_deathWatches)
        {
            _deathWatches.Add(WatchForDeathAsync(worker));
        }
    }

    private async Task WaitForDeathWatchesAsync()
    {
        // Replacements add watches while we wait: wait until no new one appeared.
        while (true)
        {
            Task[] watches;
            lock (_deathWatches)
            {
                watches = [.. _deathWatches];
            }

            await Task.WhenAll(watches).ConfigureAwait(false);
            lock (_deathWatches)
            {
                if (_deathWatches.Count == watches.Length)
                {
                    return;
                }
            }
        }
    }

    private bool Replaceable(WorkerProcess worker) =>
        worker.ExitCode == ExitCodes.WorkerAbandonedParameter || WasStoppedTooLong(worker.WorkerId) || DiedOfASignal(worker);

    /// <summary>
    /// Killed by a signal that neither the fault demo nor this supervisor sent: the kernel's OOM killer, a segfault or
    /// abort in native code, a parameter that kills its worker. Its death spent the attempt of each chunk it was computing,
    /// so replacing it lets such a parameter be isolated within its attempts and the job end, instead of every worker
    /// dying on it in turn and the job stopping with none left.
    /// </summary>
    private static bool DiedOfASignal(WorkerProcess worker) =>
        !worker.KilledOnPurpose && worker.ExitCode > SignalExitBase && worker.ExitCode != ExitCodes.Interrupted;

    private bool AwaitsReplacement(WorkerProcess worker)
    {
        lock (_replaced)
        {
            return Replaceable(worker) && !_replaced.Contains(worker.WorkerId) && _restarts < MaxRestarts;
        }
    }

    /// <summary>Starts the next-numbered worker in place of <paramref name="worker"/>; null when the restart budget is spent.</summary>
    private string? Replace(WorkerProcess worker)
    {
        string replacement;
        lock (_replaced)
        {
            if (!_replaced.Add(worker.WorkerId) || _restarts >= MaxRestarts)
            {
                return null;
            }

            _restarts++;
            replacement = WorkerId(options.WorkerCount + _restarts); // replacements take the next numbers: w4, w5, ...
        }

        StartWorker(replacement);
        return replacement;
    }

    /// <summary>
    /// Waits for the child to exit; unless it finished normally, frees its leases that very moment (its chunks can
    /// never be renewed, so the others should not wait for the leases to expire) and says why it left.
    /// </summary>
    private async Task WatchForDeathAsync(WorkerProcess worker)
    {
        await worker.WaitForExitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        if (worker.ExitCode == ExitCodes.Success && !worker.KilledOnPurpose)
        {
            return;
        }

        var freed = await FreeLeasesAsync(worker).ConfigureAwait(false);
        lock (_freed)
        {
            _freed.AddRange(freed);
            _deaths.Add(worker.WorkerId);
        }

        var freedText = freed.Count == 1 ? "1 chunk" : $"{freed.Count} chunks";
        // Whether a replacement starts is decided here only (Replaceable); the lines below only say so.
        var replacement = Replaceable(worker) ? Replace(worker) : null;
        if (WasStoppedTooLong(worker.WorkerId))
        {
            _follower!.Note($"Worker {worker.WorkerId} (pid {worker.ProcessId}) was stopped for longer than the liveness ({StoppedLimit.TotalSeconds:0.#} s): SIGKILLed it and freed its {freedText}{ReplacementText(replacement)}");
            return;
        }

        if (worker.ExitCode == ExitCodes.WorkerAbandonedParameter)
        {
            if (replacement is not null)
            {
                _follower!.Note($"Worker {worker.WorkerId} left: a parameter ignored its time limit (see its log); started {replacement} in its place");
            }

            return;
        }

        if (WorkerExitText.IsWorkerFault(worker.ExitCode))
        {
            // What the user must fix: which worker, its reason's first line, and what the exit code means.
            var reason = await FaultReasonAsync(worker).ConfigureAwait(false);
            _follower!.Note(reason is null
                ? $"worker {worker.WorkerId} exited {worker.ExitCode}: {WorkerExitText.Meaning(worker.ExitCode)} (see {worker.LogPath})"
                : $"worker {worker.WorkerId}: {reason}; {WorkerExitText.Meaning(worker.ExitCode)}");
            return;
        }

        var died = $"Worker {worker.WorkerId} died (exit {worker.ExitCode}); freed its {freedText}";
        // The delay is measured from the demo's kill; a death nobody here caused has no such start, so none is claimed.
        var killedAt = Interlocked.Read(ref _killedAt);
        if (worker.KilledOnPurpose && killedAt != 0)
        {
            died += string.Create(CultureInfo.InvariantCulture, $" {services.Time.GetElapsedTime(killedAt).TotalMilliseconds:F0} ms after its death");
        }

        _follower!.Note(DiedOfASignal(worker) ? died + ReplacementText(replacement) : died);
    }

    private static string ReplacementText(string? replacement) =>
        replacement is null ? "; no replacement: the restart budget is spent" : $"; started {replacement} in its place";

    private async Task<IReadOnlyList<(string JobId, string ChunkId)>> FreeLeasesAsync(WorkerProcess worker)
    {
        try
        {
            return await store.ReleaseWorkerAsync(worker.WorkerId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may be what failed (a full disk): its leases then lapse on their own, as for any dead worker.
            _follower!.Note($"Could not free the chunks of worker {worker.WorkerId} at once ({ex.Message.ReplaceLineEndings(" ")}); they go back when their leases lapse");
            return [];
        }
    }

    /// <summary>
    /// The worker's own one-line reason for leaving: the fault note it left in the store, or else the last error in
    /// its log (a worker that could not write to the store could not leave a note either).
    /// </summary>
    private async Task<string?> FaultReasonAsync(WorkerProcess worker)
    {
        try
        {
            var workers = await store.ListWorkersAsync(job.JobId).ConfigureAwait(false);
            if (workers.FirstOrDefault(w => w.WorkerId == worker.WorkerId)?.Fault is { } fault)
            {
                return fault;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may be what failed; the log still has the reason.
        }

        return WorkerExitText.ReasonFromLog(worker.LogPath);
    }

    /// <summary>Recovery ends when every chunk the dead worker held is running elsewhere or done.</summary>
    private async Task ReportRecoveryAsync()
    {
        (string JobId, string ChunkId)[] freed;
        lock (_freed)
        {
            if (_recoveryReported || _killedAt == 0 || _deaths.Count == 0)
            {
                return;
            }

            freed = [.. _freed];
        }

        foreach (var (jobId, chunkId) in freed)
        {
            var status = await store.GetChunkStatusAsync(jobId, chunkId).ConfigureAwait(false);
            if (status is { State: ChunkState.Pending })
            {
                return;
            }
        }

        _recoveryReported = true;
        _follower!.Note(string.Create(CultureInfo.InvariantCulture,
            $"Recovery: the dead worker's {freed.Length} chunks were running on other workers {services.Time.GetElapsedTime(_killedAt).TotalMilliseconds:F0} ms after the kill"));
    }
}
