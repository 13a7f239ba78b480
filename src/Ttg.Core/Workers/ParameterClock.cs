namespace Ttg.Workers;

/// <summary>
/// Which parameter of a chunk is computing and since when, written by the computing task and read by the
/// heartbeat's watchdog, so a parameter that ignores its time limit can be found without stopping the computation.
/// </summary>
internal sealed class ParameterClock
{
    private long _startedAt;
    private int _offset;

    /// <summary>Records that the parameter at <paramref name="offset"/> of the chunk began at <paramref name="timestamp"/>.</summary>
    public void Begin(int offset, long timestamp)
    {
        // Cleared first, so a reader that sees the new offset can never pair it with the old start.
        Volatile.Write(ref _startedAt, 0);
        Volatile.Write(ref _offset, offset);
        Volatile.Write(ref _startedAt, timestamp);
    }

    /// <summary>Records that no parameter is computing.</summary>
    public void End() => Volatile.Write(ref _startedAt, 0);

    /// <summary>The computing parameter's offset and start timestamp, or null between parameters.</summary>
    public (int Offset, long StartedAt)? Current
    {
        get
        {
            // Read the start on both sides of the offset: if a new parameter began in between, the pair could
            // mismatch, and the watchdog simply looks again on its next tick.
            var startedAt = Volatile.Read(ref _startedAt);
            var offset = Volatile.Read(ref _offset);
            return startedAt == 0 || Volatile.Read(ref _startedAt) != startedAt ? null : (offset, startedAt);
        }
    }
}
