using Ttg.WorkQueue;

namespace Ttg.Sqlite;

// `ttg retry`: chunks whose parameters were all recorded as failed go back to pending with a fresh attempt
// budget; their results rows go, so each parameter keeps exactly one row once recomputed.
internal sealed partial class SqliteStore
{
    public Task<long> RetryFailedAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return WriteAsync(() =>
        {
            if (FindJob(jobId) is not { State: not StateJobCancelled } job)
            {
                return 0L;
            }

            // Only chunks failed as a whole: that is how failures are recorded (a parameter isolated alone). A
            // completion mixing results and failures keeps its results; its failures are not re-queued.
            var reopen = Command($"""
                UPDATE chunks SET state = {StatePending}, attempts = 0, worker_id = NULL, token = NULL, due_ms = {HandedBackDue}, started = 1, lost = 0
                WHERE job_seq = $seq AND state = {StateCompleted}
                  AND id IN (SELECT chunk_id FROM results WHERE job_seq = $seq AND failed > 0 AND failed = count)
                RETURNING id;
                """);
            var ids = new List<long>();
            using (var reader = Bind(reopen, "$seq", job.Seq).ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            if (ids.Count == 0)
            {
                return 0L;
            }

            var drop = Command("DELETE FROM results WHERE chunk_id IN (SELECT value FROM json_each($ids)) RETURNING failed;");
            long parameters = 0;
            using (var reader = Bind(drop, "$ids", "[" + string.Join(',', ids) + "]").ExecuteReader())
            {
                while (reader.Read())
                {
                    parameters += reader.GetInt64(0);
                }
            }

            var totals = Command($"""
                UPDATE jobs SET failed = failed - $failed, completed_chunks = completed_chunks - $chunks, pending_chunks = pending_chunks + $chunks,
                    state = CASE WHEN state = {StateJobCompleted} THEN {StateRunning} ELSE state END,
                    finished_ms = CASE WHEN state = {StateJobCompleted} THEN NULL ELSE finished_ms END
                WHERE seq = $seq;
                """);
            Bind(totals, "$failed", parameters);
            Bind(totals, "$chunks", ids.Count);
            Bind(totals, "$seq", job.Seq).ExecuteNonQuery();
            return parameters;
        }, cancellationToken);
    }
}
