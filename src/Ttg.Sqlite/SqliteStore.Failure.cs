using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    public Task<LeaseOutcome> RetryAsync(ChunkLease lease, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteAsync(() =>
        {
            var owned = Own(lease, [], out var seq, out var id, out var token);
            if (owned != LeaseOutcome.Accepted)
            {
                return owned;
            }

            // The attempt stays counted; only the visibility moves.
            var retry = Command($"""
                UPDATE chunks SET state = {StatePending}, worker_id = NULL, token = NULL, due_ms = $due
                WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token;
                """);
            Bind(retry, "$due", NowMs + (long)Math.Max(0, delay.TotalMilliseconds));
            Bind(retry, "$id", id);
            Bind(retry, "$seq", seq);
            if (Bind(retry, "$token", token).ExecuteNonQuery() != 1)
            {
                return LeaseOutcome.LeaseLost;
            }

            Shift(seq, pending: 1, leased: -1);
            return LeaseOutcome.Accepted;
        }, cancellationToken);
    }

    public Task<LeaseOutcome> SplitAsync(ChunkLease lease, IReadOnlyList<ChunkSpec> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A split needs at least one part.", nameof(parts));
        }

        return WriteAsync(() =>
        {
            var owned = Own(lease, [], out var seq, out var id, out var token);
            if (owned != LeaseOutcome.Accepted)
            {
                return owned;
            }

            var retire = Command($"""
                UPDATE chunks SET state = {StateSplit}, worker_id = NULL, token = NULL, due_ms = 0
                WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token
                RETURNING start, count, lost;
                """);
            Bind(retire, "$id", id);
            Bind(retire, "$seq", seq);
            Bind(retire, "$token", token);
            bool lost;
            using (var reader = retire.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return LeaseOutcome.LeaseLost;
                }

                EnsureCovers(parts, reader.GetInt64(0), reader.GetInt32(1));
                lost = reader.GetBoolean(2);
            }

            // Parts keep the job's id space and the parent's payload rows; a throw above rolls everything back.
            InsertParts(seq, parts, lost);
            Shift(seq, pending: parts.Count, leased: -1);
            return LeaseOutcome.Accepted;
        }, cancellationToken);
    }

    /// <summary>
    /// Inserts the parts of a split or shrunk chunk; they inherit its lost mark (<paramref name="lost"/>), since the
    /// parameter that killed an earlier holder may be in any of them.
    /// </summary>
    private void InsertParts(long seq, IReadOnlyList<ChunkSpec> parts, bool lost)
    {
        var before = (long)Command("SELECT coalesce(max(id), 0) FROM chunks;").ExecuteScalar()!;
        InsertChunks(seq, parts);
        if (lost)
        {
            Bind(Command("UPDATE chunks SET lost = 1 WHERE id > $before;"), "$before", before).ExecuteNonQuery();
        }
    }

    private static void EnsureCovers(IReadOnlyList<ChunkSpec> parts, long start, int count)
    {
        var next = start;
        foreach (var part in parts)
        {
            if (part.Start != next || part.Count < 1)
            {
                throw new ArgumentException($"Split parts must cover {start}..{start + count - 1} contiguously in order; a part starts at {part.Start} with {part.Count} parameters.", nameof(parts));
            }

            next += part.Count;
        }

        if (next != start + count)
        {
            throw new ArgumentException($"Split parts cover {start}..{next - 1} but the chunk covers {start}..{start + count - 1}.", nameof(parts));
        }
    }

    public Task ReleaseAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(() =>
        {
            var jobs = new Dictionary<string, (long Seq, int State, long LeaseMs)?>(StringComparer.Ordinal);
            // A graceful hand-back is not a failure: the attempt is given back and the chunk is takeable now.
            var release = Command($"""
                UPDATE chunks SET state = {StatePending}, worker_id = NULL, token = NULL, due_ms = {HandedBackDue}, attempts = max(attempts - 1, 0)
                WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token;
                """);
            var perJob = new Dictionary<long, int>();
            foreach (var lease in leases)
            {
                if (Own(lease, jobs, out var seq, out var id, out var token) == LeaseOutcome.Accepted)
                {
                    Bind(release, "$id", id);
                    Bind(release, "$seq", seq);
                    var released = Bind(release, "$token", token).ExecuteNonQuery();
                    perJob[seq] = perJob.GetValueOrDefault(seq) + released;
                    if (released == 0)
                    {
                        ReleaseCopy(seq, id, token);
                    }
                }
            }

            foreach (var (seq, n) in perJob)
            {
                Shift(seq, pending: n, leased: -n);
            }

            return 0;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<(string JobId, string ChunkId)>> ReleaseWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        return WriteAsync<IReadOnlyList<(string JobId, string ChunkId)>>(() =>
        {
            EndSession(workerId);
            var perJob = new Dictionary<long, int>();
            var freedChunks = new List<(long Seq, long Id)>();
            // What the death spends (see IWorkQueue.ReleaseWorkerAsync): queued chunks give their attempt back, and so
            // do started ones it cannot be pinned on (several started in the job, none lost before).
            var free = Command($"""
                UPDATE chunks SET state = {StatePending}, worker_id = NULL, token = NULL, due_ms = {HandedBackDue},
                    attempts = CASE WHEN started = 0 OR (lost = 0 AND job_seq IN (SELECT value FROM json_each($unpinned)))
                        THEN max(attempts - 1, 0) ELSE attempts END,
                    lost = lost | started
                WHERE state = {StateLeased} AND worker_id = $worker
                RETURNING job_seq, id;
                """);
            Bind(free, "$unpinned", JobsWithSeveralStarted(workerId));
            using (var reader = Bind(free, "$worker", workerId).ExecuteReader())
            {
                while (reader.Read())
                {
                    var seq = reader.GetInt64(0);
                    perJob[seq] = perJob.GetValueOrDefault(seq) + 1;
                    freedChunks.Add((seq, reader.GetInt64(1)));
                }
            }

            var jobIds = new Dictionary<long, string>();
            var name = Command("SELECT job_id FROM jobs WHERE seq = $seq;");
            foreach (var seq in perJob.Keys)
            {
                jobIds[seq] = (string)Bind(name, "$seq", seq).ExecuteScalar()!;
            }

            foreach (var (seq, n) in perJob)
            {
                Shift(seq, pending: n, leased: -n, reclaimed: n);
            }

            if (freedChunks.Count > 0)
            {
                SqliteLog.WorkerReleased(_logger, freedChunks.Count, workerId);
            }

            return freedChunks.Select(c => (jobIds[c.Seq], c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        }, cancellationToken);
    }
}
