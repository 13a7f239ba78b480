using System.Diagnostics;

namespace Ttg.Computations;

/// <summary><c>simulate</c>: stands in for I/O-bound work by waiting <c>work-ms</c> per parameter.</summary>
internal static class SimulateComputation
{
    public static ComputeAsync Create(ComputationContext context)
    {
        var workMs = BuiltInComputations.ReadWorkMs(context.Arguments);
        var work = TimeSpan.FromMilliseconds(workMs);
        return workMs switch
        {
            0 => (parameter, _) => ValueTask.FromResult(ResultOf(parameter.Index)),

            // Timers cannot wait less than a millisecond, so shorter work spins.
            < 1 => (parameter, cancellationToken) =>
            {
                SpinFor(work, cancellationToken);
                return ValueTask.FromResult(ResultOf(parameter.Index));
            },
            _ => async (parameter, cancellationToken) =>
            {
                await Task.Delay(work, cancellationToken).ConfigureAwait(false);
                return ResultOf(parameter.Index);
            },
        };
    }

    internal static Result ResultOf(long index) => (index * 0.5) + 1;

    private static void SpinFor(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Thread.SpinWait(20);
        }
    }
}
