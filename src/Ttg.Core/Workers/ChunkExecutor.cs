using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>Computes every parameter of one chunk in index order and encodes the results.</summary>
internal static class ChunkExecutor
{
    /// <summary>
    /// Runs the computation over the chunk. An exception from user code ends the chunk, wrapped in a
    /// <see cref="ParameterFailedException"/> that names the parameter; the failure policy decides what happens
    /// next. With a time limit, each parameter's token is also cancelled when
    /// the limit passes (a parameter that stops then throws <see cref="ParameterTimeoutException"/>), and
    /// <paramref name="clock"/> tells the watchdog which parameter runs since when.
    /// </summary>
    public static ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, ParameterClock? clock, TimeProvider time, CancellationToken cancellationToken) =>
        runtime.Plan.Spec.Timeout is { } limit && clock is not null
            ? ComputeWithTimeLimitAsync(runtime, lease, limit, clock, time, cancellationToken)
            : ComputeAsync(runtime, lease, cancellationToken);

    /// <summary>Runs the computation over the chunk with no time limit.</summary>
    public static async ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, CancellationToken cancellationToken)
    {
        var source = runtime.Plan.Space.SourceFor(lease.Start, lease.Payload);
        var arguments = runtime.Plan.Arguments;
        var compute = runtime.Compute;
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        for (var offset = 0; offset < lease.Count; offset++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var pending = compute(new Parameter(lease.Start + offset, source, arguments), cancellationToken);

                // Synchronous computations (square, a user's pure function) complete at once: skip the await machinery.
                var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                builder.SetResult(offset, result);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ParameterFailedException(offset, ex);
            }
        }

        return builder.Build();
    }

    private static async ValueTask<ChunkCompletion> ComputeWithTimeLimitAsync(JobRuntime runtime, ChunkLease lease, TimeSpan limit, ParameterClock clock, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = runtime.Plan.Space.SourceFor(lease.Start, lease.Payload);
        var arguments = runtime.Plan.Arguments;
        var compute = runtime.Compute;
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);

        // One source re-armed per parameter (a timer each would cost more than small parameters do); replaced only
        // after a parameter finished late, ignoring its cancellation: that result is real and still counts.
        var perParameter = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var offset = 0; offset < lease.Count; offset++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = lease.Start + offset;
                clock.Begin(offset, time.GetTimestamp());
                perParameter.CancelAfter(limit);
                try
                {
                    var pending = compute(new Parameter(index, source, arguments), perParameter.Token);
                    var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                    builder.SetResult(offset, result);
                }
                catch (OperationCanceledException) when (perParameter.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new ParameterFailedException(offset, new ParameterTimeoutException(index, limit));
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    throw new ParameterFailedException(offset, ex);
                }
                finally
                {
                    clock.End();
                }

                if (!perParameter.TryReset())
                {
                    perParameter.Dispose();
                    perParameter = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                }
            }
        }
        finally
        {
            perParameter.Dispose();
        }

        return builder.Build();
    }

    /// <summary>The completion of a single parameter recorded as failed.</summary>
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
