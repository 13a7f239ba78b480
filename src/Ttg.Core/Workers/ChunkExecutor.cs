using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>Computes every parameter of one chunk in index order and encodes the results.</summary>
internal static class ChunkExecutor
{
    /// <summary>
    /// Runs the computation over the chunk. Exceptions from user code propagate: the whole chunk failed and the
    /// failure policy decides what happens next.
    /// </summary>
    public static async ValueTask<ChunkCompletion> ComputeAsync(JobRuntime runtime, ChunkLease lease, CancellationToken cancellationToken)
    {
        var source = runtime.Plan.Space.SourceFor(lease.Start, lease.Payload);
        var arguments = runtime.Plan.Arguments;
        var compute = runtime.Compute;
        var builder = new ChunkResultBuilder(lease.Start, lease.Count);
        for (var offset = 0; offset < lease.Count; offset++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = compute(new Parameter(lease.Start + offset, source, arguments), cancellationToken);

            // Synchronous computations (square, a user's pure function) complete at once: skip the await machinery.
            var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            builder.SetResult(offset, result);
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
