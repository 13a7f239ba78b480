using Ttg.WorkQueue;

namespace Ttg.Sqlite;

// Handing back the tail of a leased chunk: the row keeps its id, token and attempt with a shorter range, and the
// tail is inserted as a new pending chunk, in one transaction.
internal sealed partial class SqliteStore
{
    public Task<ShrinkOutcome> ShrinkAsync(ChunkLease lease, ChunkSpec kept, ChunkSpec remainder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(remainder);
        EnsureCovers([kept, remainder], lease.Start, lease.Count);
        return WriteAsync(() => Shrink(lease, kept, remainder), cancellationToken);
    }

    private ShrinkOutcome Shrink(ChunkLease lease, ChunkSpec kept, ChunkSpec remainder)
    {
        var owned = Own(lease, [], out var seq, out var id, out var token);
        if (owned != LeaseOutcome.Accepted)
        {
            return owned == LeaseOutcome.JobNotRunning ? ShrinkOutcome.JobNotRunning : ShrinkOutcome.LeaseLost;
        }

        var find = Command($"""
            SELECT c.count, c.copy_token IS NOT NULL, j.pending_chunks, c.lost FROM chunks c JOIN jobs j ON j.seq = c.job_seq
            WHERE c.id = $id AND c.job_seq = $seq AND c.state = {StateLeased} AND c.token = $token;
            """);
        Bind(find, "$id", id);
        Bind(find, "$seq", seq);
        Bind(find, "$token", token);
        int count;
        bool copied;
        long pending;
        bool lost;
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return ShrinkOutcome.LeaseLost;
            }

            (count, copied, pending, lost) = (reader.GetInt32(0), reader.GetBoolean(1), reader.GetInt64(2), reader.GetBoolean(3));
        }

        if (count == kept.Count)
        {
            return ShrinkOutcome.Shrunk; // A repeat of a shrink that took effect.
        }

        if (count != kept.Count + remainder.Count)
        {
            throw new ArgumentException($"Chunk {lease.ChunkId} holds {count} parameters; the parts cover {kept.Count + remainder.Count}.", nameof(remainder));
        }

        // A copy computes the whole range, and pending work means the tail would only queue behind it.
        if (copied || pending > 0)
        {
            return ShrinkOutcome.Declined;
        }

        var shorten = Command("UPDATE chunks SET count = $count WHERE id = $id;");
        Bind(shorten, "$count", kept.Count);
        Bind(shorten, "$id", id).ExecuteNonQuery();
        var rows = Command("UPDATE payloads SET data = $data WHERE chunk_id = $id;");
        Bind(rows, "$data", ToArray(kept.Payload));
        Bind(rows, "$id", id).ExecuteNonQuery();
        InsertParts(seq, [remainder], lost);
        Shift(seq, pending: 1);
        return ShrinkOutcome.Shrunk;
    }
}
