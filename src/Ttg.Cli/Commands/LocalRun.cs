using System.Globalization;
using Ttg.Cli.Hosting;
using Ttg.Cli.Options;
using Ttg.Cli.Rendering;
using Ttg.Launching;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// One <c>ttg run</c>: its worker processes, the fault demo, and the parent's watch over its children. As the
/// parent it sees a child die at once and frees the child's leases without waiting for them to expire.
/// </summary>
internal sealed class LocalRun(CliServices services, ITtgBackend store, JobInfo job, BackendChoice backend, int workerCount, int concurrency, double? killFraction)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _deaths = new(StringComparer.Ordinal);
    private readonly List<(string JobId, string ChunkId)> _freed = [];
    private readonly List<Task> _deathWatches = [];
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private int _restarts;
    private string _suffix = "";
    private long _killedAt;
    private bool _recoveryReported;
    private WorkerProcessLauncher? _launcher;
    private ProgressFollower? _follower;

    public async Task<int> ExecuteAsync(string? outPath, ResultGoal goal, ShutdownSignal signal)
    {
        var started = services.Time.GetTimestamp();
        var logDirectory = Path.Combine(Path.GetTempPath(), "ttg-logs", job.JobId);
        var arguments = new List<string> { "worker" };
        arguments.AddRange(backend.AsArguments());
        arguments.AddRange(["--exit-when-idle", "--job", job.JobId, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--log-format", "json"]);
        using var launcher = new WorkerProcessLauncher(WorkerCommandLine.ForCurrentProcess(arguments), logDirectory);
        _launcher = launcher;
        _suffix = job.JobId.Length > 4 ? job.JobId[^4..] : job.JobId;
        _follower = new ProgressFollower(store, services.Output, services.Time);
        for (var i = 1; i <= workerCount; i++)
        {
            StartWorker(WorkerId(i));
        }

        JobProgress progress;
        try
        {
            progress = await _follower.FollowAsync(job.JobId, OnTickAsync, signal.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signal.Requested)
        {
            await StopWorkersAsync().ConfigureAwait(false);
            await WaitForDeathWatchesAsync().ConfigureAwait(false);
            var now = await store.GetProgressAsync(job.JobId).ConfigureAwait(false);
            services.Error.WriteLine($"Interrupted at {now?.Fraction ?? 0:P1}: computed results are kept in {store.Description}. Resume with `ttg worker {string.Join(' ', backend.AsArguments())} --job {job.JobId} --exit-when-idle`.");
            return ExitCodes.Interrupted;
        }

        var elapsed = services.Time.GetElapsedTime(started);
        await WaitForWorkersAsync().ConfigureAwait(false);
        await WaitForDeathWatchesAsync().ConfigureAwait(false);
        if (!progress.IsFinished)
        {
            services.Error.WriteLine($"error: every worker exited before job {job.JobId} finished ({progress.Fraction:P1}); their logs are in {logDirectory}.");
            return ExitCodes.Incomplete;
        }

        services.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {elapsed.TotalSeconds:F1} s ({progress.Done / Math.Max(elapsed.TotalSeconds, 1e-3):N0} params/s); reclaimed chunks: {progress.ReclaimedChunks}; worker logs: {logDirectory}"));
        var final = await store.GetJobAsync(job.JobId).ConfigureAwait(false) ?? job;
        return await ResultWriter.WriteAsync(services, store, final, outPath, goal, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<bool> OnTickAsync(JobProgress progress)
    {
        var workers = _launcher!.Workers;
        if (killFraction is { } fraction && _killedAt == 0 && progress.Fraction >= fraction && !progress.IsFinished)
        {
            var victim = workers.FirstOrDefault(w => !w.HasExited);
            if (victim is not null)
            {
                // Stamp the kill first: the death watcher measures recovery from it.
                Interlocked.Exchange(ref _killedAt, services.Time.GetTimestamp());
                victim.Kill();
                _follower!.Note($"Fault demo: SIGKILLed worker {victim.WorkerId} (pid {victim.ProcessId}) at {progress.Fraction * 100:F1}%");
            }
        }

        await ReportRecoveryAsync().ConfigureAwait(false);
        return workers.Any(w => !w.HasExited || AwaitsReplacement(w));
    }

    private string WorkerId(int number) => $"w{number}-{_suffix}";

    private void StartWorker(string workerId)
    {
        var worker = _launcher!.Start(workerId);
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

    // A worker that left because a parameter ignored its time limit is replaced, as an orchestrator would
    // restart it; a few per worker, so a job full of runaway parameters ends instead of cycling for ever.
    private int MaxRestarts => 3 * workerCount;

    private bool AwaitsReplacement(WorkerProcess worker)
    {
        lock (_replaced)
        {
            return worker.ExitCode == ExitCodes.WorkerAbandonedParameter && !_replaced.Contains(worker.WorkerId) && _restarts < MaxRestarts;
        }
    }

    private void ReplaceIfAbandoned(WorkerProcess worker)
    {
        string replacement;
        lock (_replaced)
        {
            if (worker.ExitCode != ExitCodes.WorkerAbandonedParameter || !_replaced.Add(worker.WorkerId) || _restarts >= MaxRestarts)
            {
                return;
            }

            _restarts++;
            replacement = WorkerId(workerCount + _restarts); // replacements take the next numbers: w4, w5, ...
        }

        StartWorker(replacement);
        _follower!.Note($"Worker {worker.WorkerId} left: a parameter ignored its time limit (see its log); started {replacement} in its place");
    }

    /// <summary>
    /// Waits for the child to exit; if it died (killed, crashed), frees its leases that very moment: its chunks
    /// can never be renewed, so the survivors should not wait for the leases to expire.
    /// </summary>
    private async Task WatchForDeathAsync(WorkerProcess worker)
    {
        await worker.WaitForExitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        if (worker.ExitCode == ExitCodes.Success && !worker.KilledOnPurpose)
        {
            return;
        }

        var freed = await store.ReleaseWorkerAsync(worker.WorkerId).ConfigureAwait(false);
        lock (_freed)
        {
            _freed.AddRange(freed);
            _deaths.Add(worker.WorkerId);
        }

        var killedAt = Interlocked.Read(ref _killedAt);
        var since = killedAt == 0 ? TimeSpan.Zero : services.Time.GetElapsedTime(killedAt);
        if (worker.ExitCode == ExitCodes.WorkerAbandonedParameter)
        {
            ReplaceIfAbandoned(worker);
            return;
        }

        _follower!.Note(string.Create(CultureInfo.InvariantCulture, $"Worker {worker.WorkerId} died (exit {worker.ExitCode}); freed its {freed.Count} chunks {since.TotalMilliseconds:F0} ms after its death"));
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

    private async Task WaitForWorkersAsync()
    {
        foreach (var worker in _launcher!.Workers)
        {
            if (!await worker.WaitForExitAsync(ExitWait).ConfigureAwait(false))
            {
                worker.Terminate();
                if (!await worker.WaitForExitAsync(ExitWait).ConfigureAwait(false))
                {
                    worker.Kill();
                }
            }
        }
    }

    private async Task StopWorkersAsync()
    {
        foreach (var worker in _launcher!.Workers)
        {
            worker.Terminate();
        }

        await WaitForWorkersAsync().ConfigureAwait(false);
    }
}
