using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers.Faults;

namespace Ttg.Workers.Stages;

/// <summary>
/// One compute slot: takes queued chunks one at a time and computes them. It sorts every exception by whose
/// fault it is: the parameter's (retried, split, recorded by <see cref="FailureHandler"/>), the worker's (set-up
/// failed here, the machine lacks something, the store is unusable: the chunk goes back untouched and the worker
/// stops), or a passing outage (the chunk goes back untouched).
/// </summary>
internal sealed class ChunkRunner(WorkerContext context, FailureHandler failures, StartMarker marker, CancellationToken stopping, CancellationToken hardStop)
    : WorkerStage("chunk runner", context.Time)
{
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var book = context.Book;
        while (true)
        {
            book.RunnerIdle(true);
            bool more;
            try
            {
                more = await book.Ready.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                book.RunnerIdle(false);
            }

            if (!more)
            {
                return;
            }

            if (!book.Ready.TryRead(out var chunk))
            {
                continue;
            }

            if (stopping.IsCancellationRequested || chunk.Lost || hardStop.IsCancellationRequested)
            {
                // Not started: hand it back at once rather than hold it through the grace period.
                await ChunkRelease.ReleaseAsync(context, [chunk]).ConfigureAwait(false);
                continue;
            }

            if (context.Outage.IsActive)
            {
                // The backend is unreachable: hold no more than is computing; it goes back once the backend answers.
                book.Park([chunk]);
                continue;
            }

            chunk.Started = true;
            context.Stats.ChunkWaited(context.Time.GetElapsedTime(chunk.LeasedAt));
            await ProcessAsync(chunk).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(InFlightChunk chunk)
    {
        var lease = chunk.Lease;
        JobRuntime? runtime = null;
        try
        {
            runtime = await context.Runtimes.GetAsync(lease.JobId, chunk.Token).ConfigureAwait(false);
            if (runtime is null)
            {
                context.Book.Finish(chunk, ChunkOutcome.JobGone); // The job was deleted while its chunk waited.
                return;
            }

            if (FailurePolicy.IsExhaustedOnArrival(lease.Attempt, runtime.Job.MaxAttempts))
            {
                await MarkStartedAsync(chunk).ConfigureAwait(false);
                WorkerLog.ExhaustedOnArrival(context.Logger, lease.ChunkId, lease.JobId, lease.Attempt, runtime.Job.MaxAttempts);
                var deaths = lease.Attempt - 1;
                await failures.HandleAsync(chunk, runtime, ParameterFailure.WorkerLostType, $"the worker computing it died ({deaths} {(deaths == 1 ? "death" : "deaths")}); not run again").ConfigureAwait(false);
                return;
            }

            var alone = lease.EarlierHolderLost && !chunk.IsCopy;
            var turn = await EnterAsync(chunk, alone).ConfigureAwait(false);
            try
            {
                await MarkStartedAsync(chunk).ConfigureAwait(false);
                await ComputeAsync(chunk, runtime).ConfigureAwait(false);
                if (alone)
                {
                    await WaitForOwnResultAsync(chunk).ConfigureAwait(false);
                }
            }
            finally
            {
                turn.Dispose();
            }
        }
        catch (OperationCanceledException) when (chunk.Token.IsCancellationRequested)
        {
            if (chunk.Lost)
            {
                LostLease.Note(context, chunk);
                context.Book.Finish(chunk, ChunkOutcome.LeaseLost);
            }

            // Otherwise the grace period ended or the worker faulted: the chunk stays held and is released on the way out.
        }
        catch (Exception ex) when (runtime is null && context.Outage.IsOutage(ex, CancellationToken.None))
        {
            // The job could not even be read: give the chunk back untouched, its attempt returned.
            context.Outage.Observe(ex);
            await ChunkRelease.ReleaseAsync(context, [chunk]).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsWorkerFault(ex, runtime, out var kind, out var reason))
        {
            // Never the parameter's fault: hand the chunk back with its attempt and stop this worker.
            await ChunkRelease.ReleaseAsync(context, [chunk]).ConfigureAwait(false);
            context.Fault(kind, reason);
        }
        catch (ParameterFailedException failed) when (runtime is not null)
        {
            await failures.HandleAsync(chunk, runtime, failed.Failure, failed.Offset).ConfigureAwait(false);
        }
        catch (Exception ex) when (runtime is not null)
        {
            await failures.HandleAsync(chunk, runtime, ex).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Marks the chunk started once the job is set up here and its turn came: computing begins now, so from now on
    /// its loss may cost an attempt (a chunk past its first attempt is in the store before computing begins; see StartMarker).
    /// </summary>
    private async Task MarkStartedAsync(InFlightChunk chunk)
    {
        if (!chunk.StartedInStore)
        {
            await marker.MarkAsync(chunk, chunk.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The chunk's turn to compute: at once, or, for one an earlier holder was lost computing, alone.</summary>
    private async ValueTask<IDisposable> EnterAsync(InFlightChunk chunk, bool alone)
    {
        var solo = context.Book.Solo;
        if (!alone)
        {
            return await solo.EnterAsync(chunk.Token).ConfigureAwait(false);
        }

        WorkerLog.ComputingAlone(context.Logger, chunk.Lease.ChunkId, chunk.Lease.JobId, chunk.Lease.Attempt);
        return await solo.EnterAloneAsync(() => context.Book.NoResultWaitsForTheStore(chunk), chunk.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps a chunk computed alone from being followed by anything until its result is stored, so a death after it
    /// is never charged to it. Its result is already queued: if the lease is lost or the grace period ends meanwhile,
    /// the completion batcher still stores it or hears that the lease was lost, so the wait simply ends.
    /// </summary>
    private async Task WaitForOwnResultAsync(InFlightChunk chunk)
    {
        try
        {
            await context.Book.Solo.SettleAsync(() => !context.Book.Holds(chunk.Lease), chunk.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (chunk.Token.IsCancellationRequested)
        {
        }
    }

    private async Task ComputeAsync(InFlightChunk chunk, JobRuntime runtime)
    {
        var lease = chunk.Lease;
        var computeStarted = context.Time.GetTimestamp();
        ChunkCompletion completion;
        using (context.Book.Traces.Computing(chunk))
        {
            // A long chunk may hand its unstarted tail back to an idle worker; from then on chunk.Lease holds the kept part.
            var shrinker = ChunkShrinker.For(context, chunk, runtime);
            completion = await ChunkExecutor.ComputeAsync(runtime, lease, chunk.Clock, context.Stats, context.Time, shrinker, chunk.Token).ConfigureAwait(false);
        }

        var computed = context.Time.GetElapsedTime(computeStarted);
        context.Book.Prefetch.Observe(computed);
        context.Book.Costs.Observe(lease.JobId, computed, chunk.Lease.Count);
        context.Stats.ChunkComputed(computed);
        chunk.Computed = true;
        await context.Completions.Writer.WriteAsync((chunk, completion)).ConfigureAwait(false);
        context.Book.GiveUpSlot(chunk);
    }

    /// <summary>
    /// Sorts out the worker's faults: the computation could not be set up here (it was at submit), the computation
    /// said this machine lacks something, or the store cannot be used.
    /// </summary>
    private bool IsWorkerFault(Exception error, JobRuntime? runtime, out WorkerFaultKind kind, out string reason)
    {
        var cause = error is ParameterFailedException failed ? failed.Failure : error;
        if (cause is WorkerFaultException)
        {
            (kind, reason) = (WorkerFaultKind.Environment, WorkerFault.Describe(cause));
            return true;
        }

        if (context.PermanentFault(cause) is { } storeReason)
        {
            (kind, reason) = (WorkerFaultKind.Store, storeReason);
            return true;
        }

        if (runtime is null)
        {
            // Reading the job or setting its computation up failed on this worker: no parameter ran.
            (kind, reason) = (WorkerFaultKind.Setup, WorkerFault.Describe(cause));
            return true;
        }

        (kind, reason) = (default, "");
        return false;
    }
}
