namespace Ttg.Workers;

/// <summary>Parameters per second over a sliding window, so the shown rate and ETA follow recent speed rather than the average since start.</summary>
public sealed class RateEstimator(TimeProvider time, TimeSpan window)
{
    private readonly Queue<(long Timestamp, long Done)> _samples = new();

    /// <summary>Adds a sample of the total done so far and returns the current rate in parameters per second.</summary>
    public double Add(long done)
    {
        var now = time.GetTimestamp();
        _samples.Enqueue((now, done));
        while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().Timestamp, now) > window)
        {
            _samples.Dequeue();
        }

        var (firstAt, firstDone) = _samples.Peek();
        var seconds = time.GetElapsedTime(firstAt, now).TotalSeconds;
        return seconds <= 0 ? 0 : (done - firstDone) / seconds;
    }

    /// <summary>Seconds left at <paramref name="rate"/>, or null when the rate is zero.</summary>
    public static TimeSpan? Eta(long remaining, double rate) => rate <= 0 ? null : TimeSpan.FromSeconds(remaining / rate);
}
