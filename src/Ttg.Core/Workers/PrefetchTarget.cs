namespace Ttg.Workers;

/// <summary>
/// How many chunks a worker keeps leased ahead of its computing tasks. Small chunks finish in microseconds, so a
/// fixed queue of one per task leaves the worker waiting on round trips; large chunks take seconds, so any queue
/// would hoard work another worker could start at once. The target covers <see cref="Window"/> of computing at the
/// measured pace, up to <see cref="MaxPrefetch"/>, and is zero until a chunk has been measured: at a job's start a
/// worker takes no more than it computes at once. Thread-safe.
/// </summary>
internal sealed class PrefetchTarget(int concurrency, int? fixedPrefetch)
{
    /// <summary>Computing time the queue should cover: a few round trips to a busy backend.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    /// <summary>Upper bound on the queue, so a dead worker never strands more than this many chunks per process.</summary>
    public const int MaxPrefetch = 1024;

    private double _secondsPerChunk = double.NaN;

    /// <summary>Records how long one chunk took to compute (a moving average, weighted to recent chunks).</summary>
    public void Observe(TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-7);
        var previous = Volatile.Read(ref _secondsPerChunk);
        Volatile.Write(ref _secondsPerChunk, double.IsNaN(previous) ? seconds : (previous * 0.9) + (seconds * 0.1));
    }

    /// <summary>Chunks to hold at once: the computing ones plus the queue ahead of them.</summary>
    public int Capacity => concurrency + Prefetch;

    /// <summary>The queue ahead of the computing tasks; the fixed option when one was given.</summary>
    public int Prefetch
    {
        get
        {
            if (fixedPrefetch is { } fixedValue)
            {
                return fixedValue;
            }

            var perChunk = Volatile.Read(ref _secondsPerChunk);
            if (double.IsNaN(perChunk))
            {
                return 0; // Nothing measured yet: the chunks may take hours, and an idle worker elsewhere could start them.
            }

            // Chunks longer than the window get no queue at all: the round trip they would hide is under a few percent of one.
            var wanted = concurrency * Window.TotalSeconds / perChunk;
            return (int)Math.Clamp(Math.Round(wanted, MidpointRounding.AwayFromZero), 0, MaxPrefetch);
        }
    }
}
