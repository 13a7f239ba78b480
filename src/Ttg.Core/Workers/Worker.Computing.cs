using Ttg.WorkQueue;

namespace Ttg.Workers;

public sealed partial class Worker
{
    private async Task ComputeLoopAsync(CancellationToken stoppingToken, CancellationToken hardStop)
    {
        await foreach (var chunk in _ready.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (stoppingToken.IsCancellationRequested || chunk.Lost || hardStop.IsCancellationRequested)
            {
                // Not started: hand it back at once rather than hold it through the grace period.
                await ReleaseAsync([chunk]).ConfigureAwait(false);
                continue;
            }

            chunk.Started = true;
            await ProcessAsync(chunk).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(InFlightChunk chunk)
    {
        var lease = chunk.Lease;
        JobRuntime? runtime = null;
        try
        {
            runtime = await _runtimes.GetAsync(lease.JobId, chunk.Token).ConfigureAwait(false);
            if (runtime is null)
            {
                Finish(chunk); // The job was deleted while its chunk waited.
                return;
            }

            if (FailurePolicy.IsExhaustedOnArrival(lease.Attempt, runtime.Job.MaxAttempts))
            {
                WorkerLog.ExhaustedOnArrival(_logger, lease.ChunkId, lease.JobId, lease.Attempt, runtime.Job.MaxAttempts);
                await HandleFailureAsync(chunk, (runtime.Job, runtime.Plan), "WorkerLost", $"a worker died while computing this parameter ({lease.Attempt - 1} attempts)").ConfigureAwait(false);
                return;
            }

            var computeStarted = _time.GetTimestamp();
            var completion = await ChunkExecutor.ComputeAsync(runtime, lease, chunk.Clock, _time, chunk.Token).ConfigureAwait(false);
            _prefetch.Observe(_time.GetElapsedTime(computeStarted));
            await _completions.Writer.WriteAsync((chunk, completion)).ConfigureAwait(false);
            GiveUpSlot(chunk);
        }
        catch (OperationCanceledException) when (chunk.Token.IsCancellationRequested)
        {
            if (chunk.Lost)
            {
                WorkerLog.LeaseLost(_logger, lease.ChunkId, lease.JobId);
                Stats.LeaseLost();
                Finish(chunk);
            }

            // Otherwise the grace period ended: the chunk stays in flight and is released on the way out.
        }
        catch (Exception ex) when (runtime is null && _backend.IsTransient(ex))
        {
            // The job could not even be read: give the chunk back untouched, its attempt returned.
            await ReleaseAsync([chunk]).ConfigureAwait(false);
        }
        catch (ParameterFailedException failed) when (runtime is not null)
        {
            var ex = failed.Failure;
            await HandleFailureAsync(chunk, (runtime.Job, runtime.Plan), ex.GetType().FullName ?? ex.GetType().Name, ex.Message, failed.Offset).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var job = runtime is null ? await ReadJobForFailureAsync(lease).ConfigureAwait(false) : (runtime.Job, runtime.Plan);
            await HandleFailureAsync(chunk, job, ex.GetType().FullName ?? ex.GetType().Name, ex.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The job and its plan when the computation could not even be set up (so no runtime exists): enough to apply
    /// the failure policy. Null when the job is gone or the store cannot be read now.
    /// </summary>
    private async Task<(JobInfo Job, Jobs.JobPlan Plan)?> ReadJobForFailureAsync(ChunkLease lease)
    {
        try
        {
            var job = await _backend.GetJobAsync(lease.JobId).ConfigureAwait(false);
            return job is null ? null : (job, Jobs.JobPlan.FromStoredJson(job.SpecJson));
        }
        catch (Exception ex) when (_backend.IsTransient(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// Applies the failure policy. When the failing parameter is known (<paramref name="failedOffset"/>), a chunk
    /// out of attempts is split around it, so it stands alone at once (its neighbours get fresh attempts);
    /// otherwise (a worker died, set-up failed) in halves.
    /// </summary>
    private async Task HandleFailureAsync(InFlightChunk chunk, (JobInfo Job, Jobs.JobPlan Plan)? job, string exceptionType, string message, int? failedOffset = null)
    {
        var lease = chunk.Lease;
        if (job is not { } known)
        {
            await ReleaseAsync([chunk]).ConfigureAwait(false);
            return;
        }

        var maxAttempts = known.Job.MaxAttempts;
        var decision = FailurePolicy.Decide(lease.Attempt, maxAttempts, lease.Count, _options.RetryBaseDelay, _options.RetryMaxDelay);
        var end = lease.Start + lease.Count - 1;
        var error = $"{exceptionType}: {message}";
        switch (decision.Action)
        {
            case FailureAction.Retry:
                WorkerLog.ChunkFailed(_logger, lease.ChunkId, lease.JobId, lease.Start, end, lease.Attempt, maxAttempts, error, $"retrying in {decision.Delay.TotalMilliseconds:F0} ms");
                await CallUnderLeaseAsync(chunk, ct => _backend.RetryAsync(lease, decision.Delay, ct)).ConfigureAwait(false);
                Stats.Retried();
                break;
            case FailureAction.Split:
                var parts = failedOffset is { } offset ? known.Plan.SplitAround(lease, offset) : known.Plan.Split(lease);
                WorkerLog.ChunkFailed(_logger, lease.ChunkId, lease.JobId, lease.Start, end, lease.Attempt, maxAttempts, error,
                    failedOffset is { } at ? $"splitting it so parameter {lease.Start + at} stands alone" : "splitting it in halves to isolate the failing parameters");
                await CallUnderLeaseAsync(chunk, ct => _backend.SplitAsync(lease, parts, ct)).ConfigureAwait(false);
                Stats.Split();
                break;
            default:
                WorkerLog.ParameterPoisoned(_logger, lease.Start, lease.JobId, lease.Attempt, error);
                await _completions.Writer.WriteAsync((chunk, ChunkExecutor.Failure(lease, exceptionType, message))).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Calls the backend under a lease, riding out outages until the lease can no longer be ours.</summary>
    private async Task CallUnderLeaseAsync(InFlightChunk chunk, Func<CancellationToken, Task<LeaseOutcome>> call)
    {
        var backoff = new Backoff(_time);
        for (var tries = 0; ; tries++)
        {
            try
            {
                var outcome = await call(CancellationToken.None).ConfigureAwait(false);
                if (outcome == LeaseOutcome.LeaseLost)
                {
                    WorkerLog.LeaseLost(_logger, chunk.Lease.ChunkId, chunk.Lease.JobId);
                    Stats.LeaseLost();
                }

                break;
            }
            catch (Exception ex) when (_backend.IsTransient(ex) && tries < 20)
            {
                await backoff.WaitAsync(_logger, ex, CancellationToken.None).ConfigureAwait(false);
            }
        }

        Finish(chunk);
    }
}
