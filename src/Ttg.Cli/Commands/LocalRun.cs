using System.Globalization;
using Ttg.Cli.Hosting;
using Ttg.Cli.Options;
using Ttg.Cli.Rendering;
using Ttg.Launching;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// One <c>ttg run</c> as the supervisor of its worker processes: it starts them, shows progress, and watches each
/// child, so a death, a fault or a stopped child reaches the console at once and is acted on (leases freed, a
/// replacement started, or the run ended with the worker's own exit code). Its children never outlive it: each
/// watches a pipe from it and stops when the pipe closes.
/// </summary>
internal sealed partial class LocalRun(CliServices services, ITtgBackend store, JobInfo job, BackendChoice backend, LocalRunOptions options)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);
    private WorkerProcessLauncher? _launcher;
    private ProgressFollower? _follower;
    private string _suffix = "";

    public async Task<int> ExecuteAsync(string? outPath, ResultGoal goal, ShutdownSignal signal)
    {
        var started = services.Time.GetTimestamp();
        var logDirectory = Path.Combine(Path.GetTempPath(), "ttg-logs", job.JobId);
        var arguments = new List<string> { "worker" };
        arguments.AddRange(backend.AsArguments());
        arguments.AddRange(["--exit-when-idle", "--job", job.JobId, "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture), "--log-format", "json"]);
        using var launcher = new WorkerProcessLauncher(WorkerCommandLine.ForCurrentProcess(arguments), logDirectory);
        _launcher = launcher;
        _suffix = job.JobId.Length > 4 ? job.JobId[^4..] : job.JobId;
        _follower = new ProgressFollower(store, services.Output, services.Time);
        for (var i = 1; i <= options.WorkerCount; i++)
        {
            StartWorker(WorkerId(i), LocalRunOptions.WorkerEnvironment(i));
        }

        using var stopWatch = new CancellationTokenSource();
        var stops = WatchForStoppedWorkersAsync(stopWatch.Token);
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
            services.Error.WriteLine($"Interrupted at {now?.Fraction ?? 0:P1}: computed results are kept in {store.Description}. Continue with `{options.ResumeCommand}`.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            await stopWatch.CancelAsync().ConfigureAwait(false);
            await stops.ConfigureAwait(false);
        }

        var elapsed = services.Time.GetElapsedTime(started);
        await WaitForWorkersAsync().ConfigureAwait(false);
        await WaitForDeathWatchesAsync().ConfigureAwait(false);
        if (!progress.IsFinished)
        {
            // The follower's last snapshot may predate the last worker's final completions: a worker that finishes the
            // job and exits between a poll and the check of exits would otherwise be reported as leaving it unfinished.
            progress = await store.GetProgressAsync(job.JobId).ConfigureAwait(false) ?? progress;
        }

        if (!progress.IsFinished)
        {
            return await UnfinishedAsync(progress, logDirectory).ConfigureAwait(false);
        }

        services.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {elapsed.TotalSeconds:F1} s ({progress.Done / Math.Max(elapsed.TotalSeconds, 1e-3):N0} params/s); reclaimed chunks: {progress.ReclaimedChunks}; worker logs: {logDirectory}"));
        var final = await store.GetJobAsync(job.JobId).ConfigureAwait(false) ?? job;
        return await NextSteps.WriteResultsAsync(services, store, final, backend, outPath, goal, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Every worker left before the end. When each of them left with a worker fault, that fault is the answer, in one
    /// line, with its own exit code (4 wins over 7: a store nobody can use is the wider fault).
    /// </summary>
    private async Task<int> UnfinishedAsync(JobProgress progress, string logDirectory)
    {
        var left = _launcher!.Workers.Where(w => !w.KilledOnPurpose).ToList();
        var at = progress.Fraction.ToString("P1", CultureInfo.InvariantCulture);
        if (left.Count > 0 && left.All(w => WorkerExitText.IsWorkerFault(w.ExitCode)))
        {
            var code = left.Any(w => w.ExitCode == ExitCodes.BackendUnavailable) ? ExitCodes.BackendUnavailable : ExitCodes.WorkerFault;
            var first = left.First(w => w.ExitCode == code);
            var reason = await FaultReasonAsync(first).ConfigureAwait(false) ?? $"exit {code}";
            services.Error.WriteLine(
                $"error: every worker stopped with a worker fault at {at} ({reason}; {WorkerExitText.Meaning(code)}); no parameter was marked failed and everything computed is kept in {store.Description}: fix the cause, then `{options.ResumeCommand}`.");
            return code;
        }

        services.Error.WriteLine($"error: every worker exited before job {job.JobId} finished ({at}); their logs are in {logDirectory}. Continue with `{options.ResumeCommand}`.");
        return ExitCodes.Incomplete;
    }

    private async Task<bool> OnTickAsync(JobProgress progress)
    {
        var workers = _launcher!.Workers;
        if (options.KillFraction is { } fraction && _killedAt == 0 && progress.Fraction >= fraction && !progress.IsFinished)
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
