using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
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
        var totals = new Dictionary<long, (long Succeeded, long Failed, int Chunks)>();
        var byWorker = new Dictionary<(long Seq, string Worker), long>();
        var acknowledge = Command($"""
            UPDATE chunks SET state = {StateCompleted}, worker_id = NULL, token = NULL, due_ms = 0
            WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token;
            """);
        var store = Command("INSERT INTO results(chunk_id, job_seq, start, count, data) VALUES ($id, $seq, $start, $count, $data);");
        for (var i = 0; i < completions.Count; i++)
        {
            var (lease, completion) = (completions[i].Lease, completions[i].Completion);
            var owned = Own(lease, jobs, out var seq, out var id, out var token);
            if (owned != LeaseOutcome.Accepted)
            {
                outcomes[i] = owned;
                continue;
            }

            Bind(acknowledge, "$id", id);
            Bind(acknowledge, "$seq", seq);
            if (Bind(acknowledge, "$token", token).ExecuteNonQuery() != 1)
            {
                outcomes[i] = LeaseOutcome.LeaseLost;
                continue;
            }

            // The token matched, so the lease came from this chunk and carries its (immutable) range.
            Bind(store, "$id", id);
            Bind(store, "$seq", seq);
            Bind(store, "$start", lease.Start);
            Bind(store, "$count", lease.Count);
            Bind(store, "$data", ToArray(completion.Results)).ExecuteNonQuery();
            var total = totals.GetValueOrDefault(seq);
            totals[seq] = (total.Succeeded + completion.Succeeded, total.Failed + completion.Failed, total.Chunks + 1);
            byWorker[(seq, lease.WorkerId)] = byWorker.GetValueOrDefault((seq, lease.WorkerId)) + completion.Succeeded + completion.Failed;
            outcomes[i] = LeaseOutcome.Accepted;
        }

        RecordTotals(totals, byWorker);
        return outcomes;
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
            UPDATE jobs SET succeeded = succeeded + $succeeded, failed = failed + $failed, open_chunks = open_chunks - $chunks,
                state = CASE WHEN open_chunks - $chunks <= 0 AND state = {StateRunning} THEN {StateJobCompleted} ELSE state END,
                finished_ms = CASE WHEN open_chunks - $chunks <= 0 AND state = {StateRunning} THEN $now ELSE finished_ms END
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
