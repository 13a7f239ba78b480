using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// Computes every parameter of one chunk and encodes the results. Synchronous computations run in index order on
/// the calling thread; once a job's computation proves asynchronous (a parameter did not complete at once), its
/// chunks keep up to <see cref="JobRuntime.AsyncConcurrency"/> parameters in flight (<see cref="ConcurrentChunk"/>).
/// </summary>
internal static class ChunkExecutor
{
    /// <summary>
    /// Runs the computation over the chunk. An exception from user code ends the chunk, wrapped in a
    /// <see cref="ParameterFailedException"/> that names the parameter; the failure policy decides what happens
    /// next. A <see cref="WorkerFaultException"/> is passed on unwrapped: it is this worker's fault, not the
    /// parameter's. When the job has a time limit and a <paramref name="clock"/> is given, each parameter's token is
    /// also cancelled when its limit passes (a parameter that stops then fails with <see cref="ParameterTimeoutException"/>),
    /// and the clock tells the watchdog which parameter runs since when. Parameters' computing times go to
    /// <paramref name="stats"/> as <see cref="ParameterSampling"/> decides (none when null or nobody listens).
    /// </summary>
    public static ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, ParameterClock? clock, WorkerStats? stats, TimeProvider time, CancellationToken cancellationToken) =>
        ComputeAsync(runtime, lease, clock, stats, time, shrinker: null, cancellationToken);

    /// <summary>
    /// As <see cref="ComputeAsync(JobRuntime, ChunkLease, ParameterClock, WorkerStats, TimeProvider, CancellationToken)"/>; between
    /// two parameters computed one at a time, <paramref name="shrinker"/> may hand the chunk's unstarted tail back, and the
    /// completion then covers the kept parameters only.
    /// </summary>
    public static async ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, ParameterClock? clock, WorkerStats? stats, TimeProvider time, ChunkShrinker? shrinker, CancellationToken cancellationToken)
    {
        using var scope = ChunkScope.Enter();
        var source = runtime.Plan.Space.SourceFor(lease.Start, lease.Payload);
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        var concurrent = runtime.AsyncConcurrency > 1;
        if (concurrent && runtime.IsAsync)
        {
            await new ConcurrentChunk(runtime, lease, source, builder, clock, stats, time).RunAsync(0, cancellationToken).ConfigureAwait(false);
            return builder.Build();
        }

        var arguments = runtime.Plan.Arguments;
        var compute = runtime.Compute;
        var from = -1;
        var count = lease.Count;
        using (var timeLimit = runtime.Plan.Spec.Timeout is { } limit && clock is not null ? new ParameterTimeLimit(limit, clock, time, cancellationToken) : null)
        {
            var sampling = ParameterSampling.For(stats, time, everyParameter: timeLimit is not null || runtime.IsAsync);
            for (var offset = 0; offset < count; offset++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (shrinker is not null && offset > 0)
                {
                    var held = await shrinker.BeforeParameterAsync(offset, cancellationToken).ConfigureAwait(false);
                    if (held < count)
                    {
                        count = held;
                        builder.Truncate(count);
                        if (offset >= count)
                        {
                            break;
                        }
                    }
                }

                var index = lease.Start + offset;
                var token = timeLimit?.Begin(offset) ?? cancellationToken;
                var startedAt = sampling.Begin(offset);
                try
                {
                    var pending = compute(new Parameter(index, source, arguments), token);

                    // Synchronous computations (square, a user's pure function) complete at once: skip the await machinery.
                    if (pending.IsCompletedSuccessfully)
                    {
                        builder.SetResult(offset, pending.Result);
                        sampling.End(startedAt);
                        continue;
                    }

                    runtime.IsAsync = true;
                    builder.SetResult(offset, await pending.ConfigureAwait(false));
                    sampling.End(startedAt);
                    if (concurrent)
                    {
                        from = offset + 1;
                        break;
                    }
                }
                catch (OperationCanceledException) when (timeLimit is { Expired: true })
                {
                    throw new ParameterFailedException(offset, new ParameterTimeoutException(index, timeLimit.Limit));
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not WorkerFaultException)
                {
                    throw new ParameterFailedException(offset, ex);
                }
                finally
                {
                    timeLimit?.End();
                }
            }
        }

        if (from >= 0 && from < lease.Count)
        {
            await new ConcurrentChunk(runtime, lease, source, builder, clock, stats, time).RunAsync(from, cancellationToken).ConfigureAwait(false);
        }

        return builder.Build();
    }

    /// <summary>The completion of a single parameter recorded as failed by <paramref name="exception"/>: type, message, attempts and a bounded stack trace.</summary>
    public static ChunkCompletion Failure(ChunkLease lease, Exception exception)
    {
        var failure = ParameterFailure.From(exception, lease.Attempt);
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        for (var offset = 0; offset < lease.Count; offset++)
        {
            builder.SetFailure(offset, failure);
        }

        return builder.Build();
    }

    /// <summary>The completion of a single parameter recorded as failed, without a stack trace.</summary>
    public static ChunkCompletion Failure(ChunkLease lease, string exceptionType, string message)
    {
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        for (var offset = 0; offset < lease.Count; offset++)
        {
            builder.SetFailure(offset, new ParameterFailure(exceptionType, message, lease.Attempt));
        }

        return builder.Build();
    }
}
