using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>Computes every parameter of one chunk in index order and encodes the results.</summary>
internal static class ChunkExecutor
{
    /// <summary>
    /// Runs the computation over the chunk. An exception from user code ends the chunk, wrapped in a
    /// <see cref="ParameterFailedException"/> that names the parameter; the failure policy decides what happens
    /// next. When the job has a time limit and a <paramref name="clock"/> is given, each parameter's token is also
    /// cancelled when its limit passes (a parameter that stops then fails with <see cref="ParameterTimeoutException"/>),
    /// and the clock tells the watchdog which parameter runs since when.
    /// </summary>
    public static async ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, ParameterClock? clock, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = runtime.Plan.Space.SourceFor(lease.Start, lease.Payload);
        var arguments = runtime.Plan.Arguments;
        var compute = runtime.Compute;
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        using var timeLimit = runtime.Plan.Spec.Timeout is { } limit && clock is not null ? new ParameterTimeLimit(limit, clock, time, cancellationToken) : null;
        for (var offset = 0; offset < lease.Count; offset++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = lease.Start + offset;
            var token = timeLimit?.Begin(offset) ?? cancellationToken;
            try
            {
                var pending = compute(new Parameter(index, source, arguments), token);

                // Synchronous computations (square, a user's pure function) complete at once: skip the await machinery.
                var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                builder.SetResult(offset, result);
            }
            catch (OperationCanceledException) when (timeLimit is { Expired: true })
            {
                throw new ParameterFailedException(offset, new ParameterTimeoutException(index, timeLimit.Limit));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ParameterFailedException(offset, ex);
            }
            finally
            {
                timeLimit?.End();
            }
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
