using System.Diagnostics;

namespace Ttg.Computations;

/// <summary><c>spin</c>: stands in for CPU-bound work by doing real arithmetic for <c>work-ms</c> per parameter.</summary>
internal static class SpinComputation
{
    // Written so the JIT cannot drop the busy loop as dead code.
    private static double _sink;

    public static ComputeAsync Create(ComputationContext context)
    {
        var work = TimeSpan.FromMilliseconds(BuiltInComputations.ReadWorkMs(context.Arguments));
        return (parameter, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var accumulator = parameter.Index + 1.0;
            while (Stopwatch.GetElapsedTime(started) < work)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < 256; i++)
                {
                    accumulator = Math.Sqrt((accumulator * 1.000001) + i);
                }
            }

            Volatile.Write(ref _sink, accumulator);
            return ValueTask.FromResult<Result>(ResultOf(parameter.Index));
        };
    }

    internal static double ResultOf(long index) => Math.Sqrt(index);
}
