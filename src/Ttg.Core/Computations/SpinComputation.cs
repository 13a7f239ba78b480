using System.Diagnostics;

namespace Ttg.Computations;

/// <summary>
/// <c>spin</c>: stands in for CPU-bound work by doing real arithmetic for <c>work-ms</c> per parameter. A worker whose
/// environment sets <see cref="SlowdownVariable"/> to a factor spins that many times longer, so one slow node
/// (a throttled or noisy machine) can be staged without changing the job.
/// </summary>
internal static class SpinComputation
{
    /// <summary>The environment variable read on the worker: a factor of at least 1 (default 1).</summary>
    public const string SlowdownVariable = "TTG_SPIN_SLOWDOWN";

    // Written so the JIT cannot drop the busy loop as dead code.
    private static double _sink;

    public static ComputeAsync Create(ComputationContext context)
    {
        var work = TimeSpan.FromMilliseconds(BuiltInComputations.ReadWorkMs(context.Arguments) * Slowdown());
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

    private static double Slowdown() =>
        double.TryParse(Environment.GetEnvironmentVariable(SlowdownVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var factor)
        && double.IsFinite(factor) && factor >= 1 && factor <= 1000
            ? factor
            : 1;

    internal static double ResultOf(long index) => Math.Sqrt(index);
}
