using Ttg.Jobs;

namespace Ttg.Workers.Stages;

/// <summary>
/// Finds a parameter that ignores its cancelled time limit. Such a parameter holds a core for as long as it likes
/// and no thread can be stopped from outside, so the worker hands its chunk back with the parameter standing alone
/// (split), or records it (retry or failure) when it already stood alone, and leaves: an orchestrator or
/// <c>ttg run</c> starts a fresh process in its place. A speculative copy only hands its copy back (the first holder
/// decides the chunk's fate), and a chunk whose lease was taken over meanwhile has nothing to hand back; the worker
/// leaves all the same, because its compute slot stays wedged either way.
/// </summary>
internal sealed class TimeLimitWatchdog(WorkerContext context, FailureHandler failures) : WorkerStage("watchdog", context.Time), IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _abandon = new();
    private int _abandoned;

    /// <summary>Cancelled when a hung parameter made this worker leave.</summary>
    public CancellationToken Abandoned => _abandon.Token;

    /// <summary>True once a hung parameter made this worker leave.</summary>
    public bool HasAbandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>The parameter that ignored its time limit, or null.</summary>
    public (string JobId, long Index)? HungParameter { get; private set; }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !HasAbandoned)
        {
            try
            {
                await Task.Delay(CheckEvery, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await CheckAsync().ConfigureAwait(false);
        }
    }

    private async Task CheckAsync()
    {
        foreach (var chunk in context.Book.Held)
        {
            if (!chunk.Started || chunk.Clock.Current is not { } running
                || context.Runtimes.TryPeek(chunk.Lease.JobId) is not { Plan.Spec.Timeout: { } limit } runtime)
            {
                continue;
            }

            var ran = context.Time.GetElapsedTime(running.StartedAt);
            if (ran < limit + JobSpec.TimeoutGrace(limit) || Interlocked.Exchange(ref _abandoned, 1) == 1)
            {
                continue;
            }

            Busy();
            try
            {
                await AbandonAsync(chunk, runtime, running.Offset, limit, ran).ConfigureAwait(false);
            }
            finally
            {
                Idle();
            }

            return;
        }
    }

    private async Task AbandonAsync(InFlightChunk chunk, JobRuntime runtime, int offset, TimeSpan limit, TimeSpan ran)
    {
        var lease = chunk.Lease;
        var index = lease.Start + offset;
        HungParameter = (lease.JobId, index);
        WorkerLog.ParameterHung(context.Logger, index, lease.JobId, limit.TotalSeconds, ran.TotalSeconds);
        try
        {
            if (chunk.Lost)
            {
                context.Book.Finish(chunk, ChunkOutcome.LeaseLost);
            }
            else if (chunk.IsCopy)
            {
                await ChunkRelease.ReleaseAsync(context, [chunk]).ConfigureAwait(false);
            }
            else if (lease.Count > 1)
            {
                // Its neighbours go back as chunks of their own with fresh attempts; only the hung one keeps being suspect.
                await failures.SplitAroundAsync(chunk, runtime, offset).ConfigureAwait(false);
            }
            else
            {
                var error = new ParameterTimeoutException(index, limit);
                await failures.HandleAsync(chunk, runtime, error.GetType().FullName!, error.Message + " and ignored its cancellation").ConfigureAwait(false);
            }
        }
        finally
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _abandon.Dispose();
}
