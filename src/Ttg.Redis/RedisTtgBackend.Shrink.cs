using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

// Handing back the tail of a leased chunk. A stream entry cannot be edited, so the kept range lives in the job's
// copies hash (n: and p: per chunk) and the lease, claim and completion scripts read it before the entry's own.
internal sealed partial class RedisTtgBackend
{
    private const int ShrinkDeclined = 3;
    private const int ShrinkMismatch = 4;

    /// <inheritdoc />
    public async Task<ShrinkOutcome> ShrinkAsync(ChunkLease lease, ChunkSpec kept, ChunkSpec remainder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(remainder);
        if (kept.Start != lease.Start || kept.Count < 1 || remainder.Count < 1 || remainder.Start != kept.Start + kept.Count
            || (long)kept.Count + remainder.Count != lease.Count)
        {
            throw new ArgumentException($"The parts of chunk {lease.ChunkId} must split its {lease.Count} parameters from {lease.Start} in two contiguous non-empty parts.", nameof(remainder));
        }

        var args = new List<RedisValue>(7) { lease.ChunkId, HeldValue(lease), kept.Count, kept.Payload.IsEmpty ? RedisValue.EmptyString : (RedisValue)kept.Payload };
        AppendSpec(args, remainder);
        var result = (int)await EvalAsync(RedisScripts.Shrink, Keys(lease.JobId), [.. args], cancellationToken);
        return result switch
        {
            (int)LeaseOutcome.Accepted => ShrinkOutcome.Shrunk,
            (int)LeaseOutcome.LeaseLost => ShrinkOutcome.LeaseLost,
            (int)LeaseOutcome.JobNotRunning => ShrinkOutcome.JobNotRunning,
            ShrinkDeclined => ShrinkOutcome.Declined,
            ShrinkMismatch => throw new ArgumentException($"Chunk {lease.ChunkId} no longer holds the {lease.Count} parameters the parts cover.", nameof(remainder)),
            _ => throw new InvalidOperationException($"The shrink script answered {result}."),
        };
    }
}
