namespace Ttg.Jobs;

/// <summary>
/// Chunk sizes for <c>--chunk-size auto</c>, planned at submission by factoring (Hummel, Schonberg and Flynn,
/// 1992): each chunk takes <see cref="FactoringSize"/> of what remains, so chunks are large while much remains
/// (little bookkeeping) and shrink toward the end (the last chunks finish together). The smallest chunk is
/// <see cref="MinDivisor"/>-th of the job, which bounds the job to a few hundred chunks whatever the parameter
/// count, so per-chunk bookkeeping (tens of microseconds) stays negligible even for trivial parameters.
/// </summary>
internal static class ChunkSizing
{
    /// <summary>
    /// Slots the plan assumes: 32. Factoring hands each slot half its share of what remains; more real slots than
    /// this only lengthen the first chunks' share, which the shrinking tail absorbs.
    /// </summary>
    public const int AssumedSlots = 32;

    /// <summary>The smallest planned chunk is the job's parameters over this (at least 1): 4096.</summary>
    public const int MinDivisor = 4096;

    /// <summary>The largest planned chunk: 10,000 parameters, so a lost worker never costs more than that to redo.</summary>
    public const int MaxChunk = 10_000;

    /// <summary>The factoring rule: a chunk is half of one slot's share of <paramref name="remaining"/>, and at least <paramref name="min"/>.</summary>
    public static long FactoringSize(long remaining, int slots, long min)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var share = (remaining + (2L * slots) - 1) / (2L * slots);
        return Math.Max(Math.Max(1, min), share);
    }

    /// <summary>The planned chunk sizes of a job of <paramref name="total"/> parameters, in index order; they sum to <paramref name="total"/>.</summary>
    public static IEnumerable<int> Plan(long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var min = Math.Max(1, total / MinDivisor);
        for (var remaining = total; remaining > 0;)
        {
            var size = (int)Math.Min(Math.Min(MaxChunk, FactoringSize(remaining, AssumedSlots, min)), remaining);
            yield return size;
            remaining -= size;
        }
    }

    /// <summary>How many chunks <see cref="Plan"/> makes, without allocating them.</summary>
    public static long Count(long total)
    {
        // Chunks of MaxChunk first: counted at once, so a huge job is not walked chunk by chunk.
        var min = Math.Max(1, total / MinDivisor);
        long count = 0;
        var remaining = total;
        var capped = remaining - (2L * AssumedSlots * MaxChunk);
        if (capped > 0)
        {
            count = capped / MaxChunk;
            remaining -= count * MaxChunk;
        }

        while (remaining > 0)
        {
            remaining -= Math.Min(Math.Min(MaxChunk, FactoringSize(remaining, AssumedSlots, min)), remaining);
            count++;
        }

        return count;
    }
}
