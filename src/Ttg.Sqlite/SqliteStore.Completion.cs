using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    // Results above this size are inserted on their own rather than copied into a batch parameter.
    private const int LargeResult = 1 << 20;

    public async Task<LeaseOutcome> CompleteAsync(ChunkLease lease, ChunkCompletion completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(completion);
        var outcomes = await CompleteManyAsync([new ChunkCompletionRequest(lease, completion)], cancellationToken);
        return outcomes[0];
    }

    public Task<IReadOnlyList<LeaseOutcome>> CompleteManyAsync(IReadOnlyList<ChunkCompletionRequest> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<LeaseOutcome>>([]);
        }

        return WriteAsync<IReadOnlyList<LeaseOutcome>>(() => CompleteMany(completions), cancellationToken);
    }

    private LeaseOutcome[] CompleteMany(IReadOnlyList<ChunkCompletionRequest> completions)
    {
        var outcomes = new LeaseOutcome[completions.Count];
        var jobs = new Dictionary<string, (long Seq, int State, long LeaseMs)?>(StringComparer.Ordinal);
        var candidates = new List<(int Index, long Seq, long Id, long Token)>(completions.Count);
        for (var i = 0; i < completions.Count; i++)
        {
            outcomes[i] = Own(completions[i].Lease, jobs, out var seq, out var id, out var token);
            if (outcomes[i] == LeaseOutcome.Accepted)
            {
                candidates.Add((i, seq, id, token));
            }
        }

        var won = AcknowledgeAll(candidates);
        var stored = new List<(long Id, long Seq, long Start, int Count, ReadOnlyMemory<byte> Data, int Failed)>(candidates.Count);
        var totals = new Dictionary<long, (long Succeeded, long Failed, int Chunks)>();
        var byWorker = new Dictionary<(long Seq, string Worker), long>();
        var speculation = new Dictionary<long, (long Won, long Wasted)>();
        foreach (var (index, seq, id, token) in candidates)
        {
            // The chunk update matched at most one token (its holder's or its copy's); a repeated request for the same chunk loses.
            if (!won.Remove(id, out var chunk) || (chunk.Token != token && chunk.CopyToken != token))
            {
                outcomes[index] = LeaseOutcome.LeaseLost;
                continue;
            }

            if (chunk.CopyToken is not null)
            {
                var copies = speculation.GetValueOrDefault(seq);
                speculation[seq] = chunk.CopyToken == token ? (copies.Won + 1, copies.Wasted) : (copies.Won, copies.Wasted + 1);
            }

            var (lease, completion) = (completions[index].Lease, completions[index].Completion);
            stored.Add((id, seq, chunk.Start, chunk.Count, completion.Results, completion.Failed));
            var total = totals.GetValueOrDefault(seq);
            totals[seq] = (total.Succeeded + completion.Succeeded, total.Failed + completion.Failed, total.Chunks + 1);
            byWorker[(seq, lease.WorkerId)] = byWorker.GetValueOrDefault((seq, lease.WorkerId)) + completion.Succeeded + completion.Failed;
        }

        StoreResults(stored);
        RecordTotals(totals, byWorker);
        RecordCopyOutcomes(speculation);
        return outcomes;
    }

    /// <summary>Marks every chunk whose token still matches as completed, in one statement; returns the winners.</summary>
    private Dictionary<long, (long Token, long? CopyToken, long Start, int Count)> AcknowledgeAll(List<(int Index, long Seq, long Id, long Token)> candidates)
    {
        var won = new Dictionary<long, (long Token, long? CopyToken, long Start, int Count)>(candidates.Count);
        if (candidates.Count == 0)
        {
            return won;
        }

        // The token stays on a completed row so RETURNING can say which request's token matched.
        var acknowledge = Command($"""
            UPDATE chunks SET state = {StateCompleted}, worker_id = NULL, due_ms = 0
            FROM (SELECT value ->> 0 AS id, value ->> 1 AS seq, value ->> 2 AS token FROM json_each($batch)) AS b
            WHERE chunks.id = b.id AND chunks.job_seq = b.seq AND chunks.state = {StateLeased} AND (chunks.token = b.token OR chunks.copy_token = b.token)
            RETURNING chunks.id, chunks.token, chunks.copy_token, chunks.start, chunks.count;
            """);
        var batch = new StringBuilder("[");
        foreach (var candidate in candidates)
        {
            batch.Append(batch.Length > 1 ? ",[" : "[").Append(candidate.Id).Append(',').Append(candidate.Seq).Append(',').Append(candidate.Token).Append(']');
        }

        using var reader = Bind(acknowledge, "$batch", batch.Append(']').ToString()).ExecuteReader();
        while (reader.Read())
        {
            won[reader.GetInt64(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
        }

        return won;
    }

    /// <summary>Inserts the results blobs: small ones together as slices of one parameter, large ones alone.</summary>
    private void StoreResults(List<(long Id, long Seq, long Start, int Count, ReadOnlyMemory<byte> Data, int Failed)> stored)
    {
        var small = stored.Where(s => s.Data.Length <= LargeResult).ToList();
        if (small.Count > 0)
        {
            var blob = new byte[small.Sum(s => s.Data.Length)];
            var items = new StringBuilder("[");
            var offset = 0;
            foreach (var (id, seq, start, count, data, failed) in small)
            {
                data.Span.CopyTo(blob.AsSpan(offset));
                items.Append(items.Length > 1 ? ",[" : "[").Append(id).Append(',').Append(seq).Append(',').Append(start).Append(',')
                    .Append(count).Append(',').Append(offset + 1).Append(',').Append(data.Length).Append(',').Append(failed).Append(']');
                offset += data.Length;
            }

            var insertMany = Command("""
                INSERT INTO results(chunk_id, job_seq, start, count, data, failed)
                SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3,
                       CASE WHEN value ->> 5 = 0 THEN zeroblob(0) ELSE substr($blob, value ->> 4, value ->> 5) END, value ->> 6
                FROM json_each($items);
                """);
            Bind(insertMany, "$blob", blob);
            Bind(insertMany, "$items", items.Append(']').ToString()).ExecuteNonQuery();
        }

        var insertOne = Command("INSERT INTO results(chunk_id, job_seq, start, count, data, failed) VALUES ($id, $seq, $start, $count, $data, $failed);");
        foreach (var (id, seq, start, count, data, failed) in stored.Where(s => s.Data.Length > LargeResult))
        {
            Bind(insertOne, "$failed", failed);
            Bind(insertOne, "$id", id);
            Bind(insertOne, "$seq", seq);
            Bind(insertOne, "$start", start);
            Bind(insertOne, "$count", count);
            Bind(insertOne, "$data", ToArray(data)).ExecuteNonQuery();
        }
    }

    /// <summary>Adds the batch's counts to its jobs, and completes a job whose last open chunk was recorded.</summary>
    private void RecordTotals(Dictionary<long, (long Succeeded, long Failed, int Chunks)> totals, Dictionary<(long Seq, string Worker), long> byWorker)
    {
        if (totals.Count == 0)
        {
            return;
        }

        var now = NowMs;
        var update = Command($"""
            UPDATE jobs SET succeeded = succeeded + $succeeded, failed = failed + $failed,
                leased_chunks = leased_chunks - $chunks, completed_chunks = completed_chunks + $chunks,
                state = CASE WHEN pending_chunks + leased_chunks - $chunks <= 0 AND state IN ({StateRunning}, {StateJobPaused}) THEN {StateJobCompleted} ELSE state END,
                finished_ms = CASE WHEN pending_chunks + leased_chunks - $chunks <= 0 AND state IN ({StateRunning}, {StateJobPaused}) THEN $now ELSE finished_ms END
            WHERE seq = $seq;
            """);
        Bind(update, "$now", now);
        foreach (var (seq, total) in totals)
        {
            Bind(update, "$succeeded", total.Succeeded);
            Bind(update, "$failed", total.Failed);
            Bind(update, "$chunks", total.Chunks);
            Bind(update, "$seq", seq).ExecuteNonQuery();
        }

        var count = Command("""
            INSERT INTO worker_counts(job_seq, worker_id, parameters) VALUES ($seq, $worker, $n)
            ON CONFLICT(job_seq, worker_id) DO UPDATE SET parameters = parameters + excluded.parameters;
            """);
        foreach (var ((seq, worker), n) in byWorker)
        {
            Bind(count, "$seq", seq);
            Bind(count, "$worker", worker);
            Bind(count, "$n", n).ExecuteNonQuery();
        }

        RecordPace(byWorker, now);
    }

    /// <summary>
    /// Checks what can be checked before touching the chunk: the job runs and the lease is well formed.
    /// The chunk update itself checks the token, atomically with its effect.
    /// </summary>
    private LeaseOutcome Own(ChunkLease lease, Dictionary<string, (long Seq, int State, long LeaseMs)?> jobs, out long seq, out long id, out long token)
    {
        (seq, id, token) = (0, 0, 0);
        if (!jobs.TryGetValue(lease.JobId, out var job))
        {
            job = FindJob(lease.JobId);
            jobs[lease.JobId] = job;
        }

        if (job is null || job.Value.State == StateJobCancelled)
        {
            return LeaseOutcome.JobNotRunning;
        }

        seq = job.Value.Seq;
        return TryParseChunkId(lease.ChunkId, out id) && TryParseToken(lease.Token, out token) ? LeaseOutcome.Accepted : LeaseOutcome.LeaseLost;
    }
}
