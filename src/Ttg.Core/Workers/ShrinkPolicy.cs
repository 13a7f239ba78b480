namespace Ttg.Workers;

/// <summary>
/// When a computing chunk hands the unstarted part of its range back (<see cref="WorkQueue.IWorkQueue.ShrinkAsync"/>).
/// Chunk sizes are planned before any parameter's cost is known, so near a job's end one worker can be left with a
/// long chunk while others idle. Between two parameters the chunk's holder predicts what is left from its own pace on
/// this chunk; when that is at least <see cref="MinRemaining"/> it offers the later half back, so the holder and one
/// idle worker finish together. The store adds the rest of the rule: only while nothing else of the job is pending
/// (an idle worker exists, or will take the half as soon as it is free) and the chunk has no copy. Asking costs one
/// store call, so a chunk asks at most every <see cref="AskEvery"/>, twice as long after each refusal up to
/// <see cref="MaxAskEvery"/>.
/// </summary>
internal static class ShrinkPolicy
{
    /// <summary>
    /// The least predicted computing left in a chunk for its tail to be offered: one second, so the half handed back
    /// saves far more than the lease and completion round trips it adds.
    /// </summary>
    public static readonly TimeSpan MinRemaining = TimeSpan.FromSeconds(1);

    /// <summary>How soon one chunk may ask the store again after its first request: half a second.</summary>
    public static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait between two requests of one chunk: 2 s, so a long chunk whose job still has work pending costs
    /// the store one call every 2 s, and shares its tail within 2 s once nothing is pending.
    /// </summary>
    public static readonly TimeSpan MaxAskEvery = TimeSpan.FromSeconds(2);

    /// <summary>The wait before the next request after the store declined one made <paramref name="current"/> after the previous.</summary>
    public static TimeSpan AfterRefusal(TimeSpan current) => current * 2 < MaxAskEvery ? current * 2 : MaxAskEvery;

    /// <summary>
    /// How many of the chunk's <paramref name="count"/> parameters to keep when <paramref name="done"/> of them took
    /// <paramref name="elapsed"/>: the done ones and the first half of the rest; null to keep them all (nothing
    /// measured yet, fewer than two left, or too little computing left to be worth a second worker).
    /// </summary>
    public static int? Keep(int count, int done, TimeSpan elapsed)
    {
        var left = count - done;
        if (done < 1 || left < 2 || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        var perParameter = elapsed / done;
        if (perParameter * left < MinRemaining)
        {
            return null;
        }

        return done + ((left + 1) / 2);
    }
}
