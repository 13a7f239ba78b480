using Spectre.Console;
using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>
/// Polls a job's progress until it finishes and shows it: a live bar on a terminal, a plain line every
/// second otherwise. A caller may act on each snapshot (the run verb watches its workers there).
/// </summary>
internal sealed class ProgressFollower(ITtgBackend store, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WorkersEvery = TimeSpan.FromSeconds(1);
    private readonly List<string> _notes = [];
    private readonly HashSet<(string WorkerId, string Fault)> _faultsShown = [];
    private long _workersAt;

    /// <summary>
    /// When set, the job's workers are read every second and a fault a worker reports is added as a note the moment
    /// it appears (<c>ttg watch</c>). Default: off (<c>ttg run</c> reports its own children as they exit).
    /// </summary>
    public bool ShowWorkerFaults { get; init; }

    /// <summary>Adds a line shown under the progress (and printed at once in plain mode).</summary>
    public void Note(string line)
    {
        lock (_notes)
        {
            _notes.Add(line);
        }

        if (!Consoles.IsTerminal(output))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>Follows until the job finishes, <paramref name="onTick"/> says stop (returns false), or cancellation.</summary>
    public async Task<JobProgress> FollowAsync(string jobId, Func<JobProgress, Task<bool>>? onTick, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        long lastPlain = 0;
        JobProgress? last = null;

        async Task<ProgressFrame?> NextAsync()
        {
            var progress = await store.GetProgressAsync(jobId, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"Job {jobId} disappeared from {store.Description} (deleted?).", ExitCodes.Incomplete);
            last = progress;
            await NoteWorkerFaultsAsync(jobId, cancellationToken).ConfigureAwait(false);
            var live = await LiveWorkerIds.ReadAsync(store, jobId, cancellationToken).ConfigureAwait(false);
            string[] notes;
            lock (_notes)
            {
                notes = [.. _notes];
            }

            var keepGoing = onTick is null || await onTick(progress).ConfigureAwait(false);
            return ProgressFrame.Of(progress, time.GetElapsedTime(started), notes, live) is var frame && keepGoing && !progress.IsFinished
                ? frame
                : null;
        }

        if (Consoles.IsTerminal(output))
        {
            var console = Consoles.For(output);
            await console.Live(new Markup("starting…")).AutoClear(false).StartAsync(async context =>
            {
                while (await NextAsync().ConfigureAwait(false) is { } frame)
                {
                    context.UpdateTarget(ProgressText.Live(frame));
                    await Task.Delay(Tick, time, cancellationToken).ConfigureAwait(false);
                }

                context.UpdateTarget(ProgressText.Live(ProgressFrame.Of(last!, time.GetElapsedTime(started), _notes)));
            }).ConfigureAwait(false);
            return last!;
        }

        while (await NextAsync().ConfigureAwait(false) is { } frame)
        {
            if (lastPlain == 0 || time.GetElapsedTime(lastPlain) >= PlainEvery)
            {
                lastPlain = time.GetTimestamp();
                await output.WriteLineAsync(ProgressText.PlainLine(frame)).ConfigureAwait(false);
            }

            await Task.Delay(Tick, time, cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync(ProgressText.PlainLine(ProgressFrame.Of(last!, time.GetElapsedTime(started), []))).ConfigureAwait(false);
        return last!;
    }

    private async Task NoteWorkerFaultsAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!ShowWorkerFaults || (_workersAt != 0 && time.GetElapsedTime(_workersAt) < WorkersEvery))
        {
            return;
        }

        _workersAt = time.GetTimestamp();
        foreach (var worker in await store.ListWorkersAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            if (worker.Fault is { } fault && _faultsShown.Add((worker.WorkerId, fault)))
            {
                Note(WorkersText.Fault(worker));
            }
        }
    }
}
