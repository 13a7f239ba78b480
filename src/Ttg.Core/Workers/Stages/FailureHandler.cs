using Ttg.WorkQueue;

namespace Ttg.Workers.Stages;

/// <summary>
/// Carries out the failure policy for a parameter's fault: retry the chunk later, split it so the failing
/// parameter stands alone, or record that parameter as failed. Calls made under the chunk's lease ride out
/// outages with no try budget: the store's answer decides, and a lease taken over meanwhile is simply lost.
/// </summary>
internal sealed class FailureHandler(WorkerContext context)
{
    /// <summary>Handles an exception the computation raised, at <paramref name="failedOffset"/> when that parameter is known.</summary>
    public Task HandleAsync(InFlightChunk chunk, JobRuntime runtime, Exception error, int? failedOffset = null) =>
        HandleAsync(chunk, runtime, error.GetType().FullName ?? error.GetType().Name, error.Message, failedOffset, error);

    /// <summary>
    /// Applies the failure policy. When the failing parameter is known (<paramref name="failedOffset"/>), a chunk
    /// out of attempts is split around it, so it stands alone at once (its neighbours get fresh attempts);
    /// otherwise (a worker died computing it) in halves.
    /// </summary>
    public async Task HandleAsync(InFlightChunk chunk, JobRuntime runtime, string exceptionType, string message, int? failedOffset = null, Exception? error = null)
    {
        var lease = chunk.Lease;
        var maxAttempts = runtime.Job.MaxAttempts;
        var options = context.Options;
        var decision = FailurePolicy.Decide(lease.Attempt, maxAttempts, lease.Count, options.RetryBaseDelay, options.RetryMaxDelay);
        var end = lease.Start + lease.Count - 1;
        var described = $"{exceptionType}: {message}";
        switch (decision.Action)
        {
            case FailureAction.Retry:
                WorkerLog.ChunkFailed(context.Logger, lease.ChunkId, lease.JobId, lease.Start, end, lease.Attempt, maxAttempts, described, $"retrying in {decision.Delay.TotalMilliseconds:F0} ms");
                await CallUnderLeaseAsync(chunk, ct => context.Backend.RetryAsync(lease, decision.Delay, ct), ChunkOutcome.Retried).ConfigureAwait(false);
                context.Stats.Retried();
                break;
            case FailureAction.Split:
                var parts = failedOffset is { } offset ? runtime.Plan.SplitAround(lease, offset) : runtime.Plan.Split(lease);
                WorkerLog.ChunkFailed(context.Logger, lease.ChunkId, lease.JobId, lease.Start, end, lease.Attempt, maxAttempts, described,
                    failedOffset is { } at ? $"splitting it so parameter {lease.Start + at} stands alone" : "splitting it in halves to isolate the failing parameters");
                await CallUnderLeaseAsync(chunk, ct => context.Backend.SplitAsync(lease, parts, ct), ChunkOutcome.Split).ConfigureAwait(false);
                context.Stats.Split();
                break;
            default:
                WorkerLog.ParameterPoisoned(context.Logger, lease.Start, lease.JobId, lease.Attempt, described);

                // With the exception at hand the failure keeps its stack trace as evidence.
                var failure = error is null ? ChunkExecutor.Failure(lease, exceptionType, message) : ChunkExecutor.Failure(lease, error);
                await context.Completions.Writer.WriteAsync((chunk, failure)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Splits a chunk around a parameter without spending its attempt (the watchdog's hand-back of a hung parameter).</summary>
    public Task SplitAroundAsync(InFlightChunk chunk, JobRuntime runtime, int offset)
    {
        var lease = chunk.Lease;
        context.Stats.Split();
        return CallUnderLeaseAsync(chunk, ct => context.Backend.SplitAsync(lease, runtime.Plan.SplitAround(lease, offset), ct), ChunkOutcome.Split);
    }

    /// <summary>Calls the backend under a lease, riding out outages; the chunk leaves the worker whatever the answer (<paramref name="intended"/> if accepted).</summary>
    private async Task CallUnderLeaseAsync(InFlightChunk chunk, Func<CancellationToken, Task<LeaseOutcome>> call, ChunkOutcome intended)
    {
        LeaseOutcome? answer = null;
        try
        {
            var outcome = await context.Outage.CallAsync(call, context.AbortToken).ConfigureAwait(false);
            answer = outcome;
            if (outcome == LeaseOutcome.LeaseLost)
            {
                LostLease.Note(context, chunk);
            }
        }
        catch (OperationCanceledException) when (context.AbortToken.IsCancellationRequested)
        {
            // The worker gave up waiting for an unreachable store (a fault, or the end of its grace period): the lease lapses and the chunk is redone elsewhere.
        }
        finally
        {
            context.Book.Finish(chunk, ChunkOutcomes.After(answer, intended));
        }
    }
}
