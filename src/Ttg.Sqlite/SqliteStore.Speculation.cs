using Ttg.WorkQueue;

namespace Ttg.Sqlite;

// Speculative copies: a second lease on a started chunk, with its own token in the chunk row (copy_token). The
// completion statement accepts either token while the chunk is leased, so the first completion wins and the
// other is answered LeaseLost; leasing the chunk again (a takeover or a hand-back) clears the copy.
internal sealed partial class SqliteStore
{
    public Task<ChunkLease?> LeaseCopyAsync(CopyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(() => LeaseCopy(request), cancellationToken);
    }

    private ChunkLease? LeaseCopy(CopyRequest request)
    {
        var now = NowMs;
        var budget = Math.Clamp(request.Budget, 0, 1);
        // Only while nothing is pending: a pending chunk is always the better use of an idle worker.
        var select = Command($"""
            SELECT c.id, c.start, c.count, c.attempts, p.data, j.seq
            FROM jobs j JOIN chunks c ON c.job_seq = j.seq LEFT JOIN payloads p ON p.chunk_id = c.id
            WHERE j.job_id = $job AND j.state = {StateRunning} AND j.pending_chunks = 0
              AND c.state < {StateCompleted} AND c.state = {StateLeased} AND c.due_ms > $now
              AND c.started = 1 AND c.started_ms > 0 AND c.copy_token IS NULL AND c.worker_id <> $worker
              AND $now - c.started_ms >= max($minMs, $perParameterMs * c.count)
              AND ($atMostMs IS NULL OR $now - c.started_ms < $atMostMs * c.count)
              AND j.copied_parameters + c.count <= $budget * j.total_parameters
            ORDER BY c.started_ms LIMIT 1;
            """);
        Bind(select, "$job", request.JobId);
        Bind(select, "$now", now);
        Bind(select, "$worker", request.WorkerId);
        Bind(select, "$minMs", (long)request.MinRunning.TotalMilliseconds);
        Bind(select, "$perParameterMs", request.RunningPerParameter.TotalMilliseconds);
        Bind(select, "$budget", budget);
        Bind(select, "$atMostMs", request.RunningAtMostPerParameter?.TotalMilliseconds);
        long id, start, seq;
        int count, attempts;
        byte[]? payload;
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (id, start, count, attempts) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3));
            payload = reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4);
            seq = reader.GetInt64(5);
        }

        var take = Command("UPDATE chunks SET copy_token = random(), copy_worker = $worker WHERE id = $id RETURNING copy_token;");
        Bind(take, "$worker", request.WorkerId);
        var token = (long)Bind(take, "$id", id).ExecuteScalar()!;
        var counted = Command("UPDATE jobs SET copies = copies + 1, copied_parameters = copied_parameters + $n WHERE seq = $seq;");
        Bind(counted, "$n", count);
        Bind(counted, "$seq", seq).ExecuteNonQuery();
        return new ChunkLease
        {
            JobId = request.JobId,
            ChunkId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Start = start,
            Count = count,
            Attempt = attempts,
            StartedAtLease = true, // a copy is computed at once, and its loss never costs the chunk an attempt
            WorkerId = request.WorkerId,
            Token = FormatToken(token),
            Payload = payload ?? ReadOnlyMemory<byte>.Empty,
        };
    }

    /// <summary>Counts, per job, the copies that won a completion and those whose chunk the first holder completed.</summary>
    private void RecordCopyOutcomes(Dictionary<long, (long Won, long Wasted)> outcomes)
    {
        var update = Command("UPDATE jobs SET copies_won = copies_won + $won, copies_wasted = copies_wasted + $wasted WHERE seq = $seq;");
        foreach (var (seq, (won, wasted)) in outcomes)
        {
            Bind(update, "$won", won);
            Bind(update, "$wasted", wasted);
            Bind(update, "$seq", seq).ExecuteNonQuery();
        }
    }

    /// <summary>A copy handed back (its worker stops) ends; its chunk stays with its first holder.</summary>
    private void ReleaseCopy(long seq, long id, long token)
    {
        var end = Command($"UPDATE chunks SET copy_token = NULL, copy_worker = NULL WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND copy_token = $token;");
        Bind(end, "$id", id);
        Bind(end, "$seq", seq);
        if (Bind(end, "$token", token).ExecuteNonQuery() == 1)
        {
            Bind(Command("UPDATE jobs SET copies_wasted = copies_wasted + 1 WHERE seq = $seq;"), "$seq", seq).ExecuteNonQuery();
        }
    }

    private JobSpeculation ReadSpeculation(long seq)
    {
        using var reader = Bind(Command("SELECT copies, copies_won, copies_wasted, copied_parameters FROM jobs WHERE seq = $seq;"), "$seq", seq).ExecuteReader();
        return reader.Read() ? new JobSpeculation(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) : JobSpeculation.None;
    }
}
