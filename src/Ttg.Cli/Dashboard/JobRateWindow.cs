namespace Ttg.Cli.Dashboard;

/// <summary>
/// A job's parameters per second over the last <see cref="Window"/> of the sampler's reads. Completions arrive in
/// batches, so a difference between two reads a second apart swings between 0 and twice the true rate; over a
/// window of many batches it stays within a few percent of it. Not thread-safe: the sampler alone adds to it.
/// </summary>
internal sealed class JobRateWindow(TimeProvider time)
{
    /// <summary>How far back the rate looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private readonly Queue<(long At, long Done)> _reads = new();

    /// <summary>Adds a read of the job's done count; returns the rate, or null until two reads span a second.</summary>
    public double? Add(long done)
    {
        var now = time.GetTimestamp();
        if (_reads.TryPeek(out var oldest) && done < oldest.Done)
        {
            _reads.Clear(); // the job was retried or replaced: its history no longer applies
        }

        _reads.Enqueue((now, done));
        while (_reads.Count > 2 && time.GetElapsedTime(_reads.Peek().At, now) > Window)
        {
            _reads.Dequeue();
        }

        var (firstAt, firstDone) = _reads.Peek();
        var seconds = time.GetElapsedTime(firstAt, now).TotalSeconds;
        return seconds < 1 ? null : (done - firstDone) / seconds;
    }
}
